import * as tf from '@tensorflow/tfjs';
import { createOptimizer, DescentError, ruleTypes, rules, type AnyRuleDefinition, type OptimizerConfig } from '@descent/core';
import { adam, adamw, createDescentOptimizer, optimizerClasses, sgd, type DescentOptions } from '@descent/tfjs';
import { applyArrays, fieldsOf, gradientSequence, makeVariables, mnistSet, RULES, SHAPES, useBackend, valuesOf } from './helpers';

const OPTIONS: DescentOptions = {
  schedule: { type: 'cosine', decaySteps: 12, minLearningRate: 0.001 },
  transforms: [{ type: 'clipByGlobalNorm', maxNorm: 2 }, { type: 'l2', strength: 0.01 }],
  average: { type: 'ema', decay: 0.8 },
  groups: [{ pattern: 'w1$', learningRateMultiplier: 0.5, regularize: false }],
};

/** The core optimizer's trajectory on the same start and gradients. */
function coreTrajectory(config: OptimizerConfig, start: number[][], grads: Float32Array[][], names: string[]): { params: number[][][]; average: number[][] } {
  const optimizer = createOptimizer(config);
  const params = start.map((values, i) => ({ name: names[i], shape: SHAPES[i], values: Float32Array.from(values) }));
  const trajectory = grads.map((step) => {
    optimizer.step(params, step);
    return params.map((p) => Array.from(p.values));
  });
  return { params: trajectory, average: params.map((p) => Array.from(optimizer.averageOf(p.name, p.values) ?? [])) };
}

/** OPTIONS for a rule: without `average` for rules that keep their own evaluation point (asgd, schedule-free). */
function optionsFor(type: string): DescentOptions {
  const definition: AnyRuleDefinition | undefined = (rules as Record<string, AnyRuleDefinition>)[type];
  if (definition?.evaluationPoint === undefined) return OPTIONS;
  const { average: _average, ...rest } = OPTIONS;
  return rest;
}

describe.each(['cpu', 'wasm'] as const)('on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(ruleTypes)('%s', (type) => {
    const rule = RULES[type];
    const grads = gradientSequence(11, 15);
    const options = optionsFor(type);

    test('the fused path reproduces the core optimizer bit for bit (schedule, transforms, groups, ema)', () => {
      const variables = makeVariables();
      const expected = coreTrajectory({ rule, ...options } as OptimizerConfig, valuesOf(variables), grads, variables.map((v) => v.name));
      const optimizer = createDescentOptimizer(rule, { ...options, execution: 'fused' });
      grads.forEach((step, s) => {
        applyArrays(optimizer, variables, step);
        expect(valuesOf(variables)).toEqual(expected.params[s]);
      });
      expect(optimizer.executedOn).toBe('fused');
      expect(variables.map((v) => Array.from((optimizer.averageOf(v) as tf.Tensor).dataSync()))).toEqual(expected.average);
      optimizer.dispose();
      tf.dispose(variables);
    });

    test('the tf-ops path follows the core optimizer within float32 rounding', () => {
      const variables = makeVariables();
      const expected = coreTrajectory({ rule, ...options } as OptimizerConfig, valuesOf(variables), grads, variables.map((v) => v.name));
      const optimizer = createDescentOptimizer(rule, { ...options, execution: 'ops' });
      grads.forEach((step, s) => {
        applyArrays(optimizer, variables, step);
        valuesOf(variables).forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected.params[s][i][j], 4)));
      });
      variables.forEach((v, i) => {
        const average = optimizer.averageOf(v) as tf.Tensor;
        Array.from(average.dataSync()).forEach((a, j) => expect(a).toBeCloseTo(expected.average[i][j], 4));
        average.dispose();
      });
      expect(optimizer.executedOn).toBe('ops');
      optimizer.dispose();
      tf.dispose(variables);
    });

    test('class and factory take the core config and report it back', () => {
      const optimizer = new optimizerClasses[type](fieldsOf(rule) as never);
      expect(optimizer.ruleType).toBe(type);
      expect(optimizer.getClassName()).toBe(optimizerClasses[type].className);
      expect(optimizer.hyperparameters).toEqual(createOptimizer({ rule }).hyperparameters);
      expect(optimizer).toBeInstanceOf(tf.Optimizer);
      optimizer.dispose();
    });
  });
});

describe.each(['cpu', 'wasm'] as const)('inside fit on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));

  test('the fused path trains a dense model exactly like the tf-ops path (backend caches see every update)', async () => {
    const { x, y } = mnistSet([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 6);
    const losses = async (execution: 'fused' | 'ops') => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 16, inputShape: [784], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      const optimizer = sgd({ learningRate: 0.1, momentum: 0.5, execution });
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      const seen: number[] = [];
      await model.fit(x, y, { epochs: 6, batchSize: 12, shuffle: false, verbose: 0, callbacks: { onBatchEnd: async (_b, logs) => void seen.push(logs?.loss as number) } });
      expect(optimizer.executedOn).toBe(execution);
      model.dispose();
      return seen;
    };
    const fused = await losses('fused');
    const ops = await losses('ops');
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(fused.slice(-5))).toBeLessThan(mean(fused.slice(0, 5)) - 0.5);
    fused.forEach((loss, i) => expect(loss).toBeCloseTo(ops[i], 4));
    tf.dispose([x, y]);
  });
});

describe('on the cpu backend', () => {
  beforeAll(() => useBackend('cpu'));

  test('defaults come from the core', () => {
    expect(adamw().hyperparameters).toEqual(createOptimizer({ rule: { type: 'adamw' } }).hyperparameters);
    expect(adamw({ learningRate: 1e-3, weightDecay: 0.01 }).hyperparameters.weightDecay).toBe(0.01);
    expect(sgd().learningRate).toBe(0.01);
  });

  test('bad configs fail at construction with DescentError naming the field', () => {
    const failure = (make: () => unknown) => {
      try {
        make();
      } catch (error) {
        expect(error).toBeInstanceOf(DescentError);
        return (error as DescentError).argument;
      }
      throw new Error('no error');
    };
    expect(failure(() => adam({ beta1: 1.5 }))).toBe('adam.beta1');
    expect(failure(() => adam({ betaOne: 0.9 } as never))).toBe('adam.betaOne');
    expect(failure(() => adam(5 as never))).toBe('adam');
    expect(failure(() => sgd({ nesterov: true }))).toBe('sgd.nesterov');
    expect(failure(() => adam({ schedule: { type: 'cosine' } as never }))).toBe('schedule(cosine).decaySteps');
    expect(failure(() => adam({ transforms: [{ type: 'clipByNorm' } as never] }))).toBe('transforms[0].type');
    expect(failure(() => adam({ average: { type: 'ema', decay: 2 } }))).toBe('average(ema).decay');
    expect(failure(() => adam({ groups: [{ pattern: '(' }] }))).toBe('groups[0].pattern');
    expect(failure(() => adam({ execution: 'cuda' as never }))).toBe('adam.execution');
    const onGpu = adam({ execution: 'gpu' });
    const v = tf.variable(tf.zeros([2]), true, 'execution-gpu/v');
    expect(failure(() => onGpu.applyGradients({ [v.name]: tf.ones([2]) }))).toBe('execution');
    expect(Array.from(v.dataSync())).toEqual([0, 0]);
    onGpu.dispose();
    v.dispose();
    expect(failure(() => createDescentOptimizer({ type: 'lbfgs' } as never))).toBe('rule.type');
  });

  test('minimize trains, and returns the cost when asked', () => {
    const x = tf.variable(tf.tensor1d([3, -2]), true, 'minimize/x');
    const optimizer = adam({ learningRate: 0.1 });
    let first = Infinity;
    for (let i = 0; i < 200; i++) {
      const cost = optimizer.minimize(() => x.sub(tf.tensor1d([1, 1])).square().sum() as tf.Scalar, true) as tf.Scalar;
      if (i === 0) first = cost.dataSync()[0];
      cost.dispose();
    }
    expect(first).toBeCloseTo(13, 5);
    Array.from(x.dataSync()).forEach((v) => expect(v).toBeCloseTo(1, 2));
    expect(optimizer.iterations).toBe(200);
    expect(optimizer.stepsTaken).toBe(200);
    optimizer.dispose();
    x.dispose();
  });

  test('learningRate can be changed at any time and the next step uses it (sgd included)', () => {
    const [w] = makeVariables('lr', 1, [[3]]);
    const before = Array.from(w.dataSync());
    const optimizer = sgd({ learningRate: 0.1, momentum: 0 });
    applyArrays(optimizer, [w], [Float32Array.from([1, 1, 1])]);
    Array.from(w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(before[i] - 0.1, 6));
    optimizer.learningRate = 0.5;
    expect(optimizer.learningRate).toBe(0.5);
    expect(optimizer.getConfig().learningRate).toBe(0.5);
    applyArrays(optimizer, [w], [Float32Array.from([1, 1, 1])]);
    Array.from(w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(before[i] - 0.6, 6));
    expect(() => {
      optimizer.learningRate = -1;
    }).toThrow(/sgd\.learningRate/);
    expect(optimizer.learningRate).toBe(0.5);
    optimizer.dispose();
    w.dispose();
  });

  test('a schedule drives scheduledLearningRate; learningRate moves its base', () => {
    const [w] = makeVariables('sched', 1, [[2]]);
    const optimizer = sgd({ learningRate: 0.1, schedule: { type: 'step', stepSize: 2, gamma: 0.5 } });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      seen.push(optimizer.scheduledLearningRate);
      applyArrays(optimizer, [w], [Float32Array.from([1, 1])]);
    }
    expect(seen).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    optimizer.learningRate = 1;
    expect(optimizer.scheduledLearningRate).toBe(0.25);
    optimizer.dispose();
    w.dispose();
  });

  test('trains a model through compile and fit', async () => {
    const x = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = tf.tensor2d([[0], [1], [1], [0]]);
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }), tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })],
    });
    model.compile({ optimizer: adamw({ learningRate: 0.05, weightDecay: 1e-4 }), loss: 'binaryCrossentropy' });
    const history = await model.fit(x, y, { epochs: 300, batchSize: 4, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[0]).toBeGreaterThan(0.5);
    expect(losses[losses.length - 1]).toBeLessThan(0.05);
    const predictions = Array.from((model.predict(x) as tf.Tensor).dataSync()).map(Math.round);
    expect(predictions).toEqual([0, 1, 1, 0]);
    model.dispose();
    tf.dispose([x, y]);
  });

  test('state is kept by name: freezing a variable leaves the others on their own trajectory (tfjs issue 4290)', () => {
    const variables = makeVariables('freeze');
    const grads = gradientSequence(3, 6);
    const names = variables.map((v) => v.name);
    const optimizer = adam({ learningRate: 0.05 });
    const reference = createOptimizer({ rule: { type: 'adam', learningRate: 0.05 } });
    const mirror = valuesOf(variables).map((values, i) => ({ name: names[i], values: Float32Array.from(values) }));
    grads.forEach((step, s) => {
      const frozen = s >= 2 && s < 4;
      variables[0].trainable = !frozen;
      const tensors = step.map((g, i) => tf.tensor(g, SHAPES[i]));
      optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: frozen && i === 0 ? (undefined as never) : tensors[i] })));
      tf.dispose(tensors);
      const active = frozen ? [1, 2] : [0, 1, 2];
      reference.step(active.map((i) => mirror[i]), active.map((i) => step[i]));
      expect(valuesOf(variables)).toEqual(mirror.map((p) => Array.from(p.values)));
    });
    expect(optimizer.exportState().tensors[names[0]].t).toBe(4);
    expect(optimizer.exportState().tensors[names[1]].t).toBe(6);
    optimizer.dispose();
    tf.dispose(variables);
  });

  test('freezing a layer between fit calls keeps training working', async () => {
    const x = tf.tensor2d([[0, 1], [1, 0], [1, 1], [0, 0]]);
    const y = tf.tensor2d([[1], [1], [0], [0]]);
    const first = tf.layers.dense({ units: 6, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) });
    const model = tf.sequential({ layers: [first, tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) })] });
    const optimizer = adam({ learningRate: 0.05 });
    model.compile({ optimizer, loss: 'binaryCrossentropy' });
    await model.fit(x, y, { epochs: 20, batchSize: 4, verbose: 0, shuffle: false });
    const kernelName = first.getWeights()[0].name;
    first.trainable = false;
    const frozenKernel = Array.from(first.getWeights()[0].dataSync());
    await model.fit(x, y, { epochs: 20, batchSize: 4, verbose: 0, shuffle: false });
    expect(Array.from(first.getWeights()[0].dataSync())).toEqual(frozenKernel);
    expect(optimizer.exportState().tensors[kernelName].t).toBe(20);
    first.trainable = true;
    await model.fit(x, y, { epochs: 5, batchSize: 4, verbose: 0, shuffle: false });
    expect(optimizer.exportState().tensors[kernelName].t).toBe(25);
    expect(Array.from(first.getWeights()[0].dataSync())).not.toEqual(frozenKernel);
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
  });

  test('moving between the fused and tf-ops paths carries the state over', async () => {
    const grads = gradientSequence(5, 8);
    const [a, b] = [makeVariables('move'), makeVariables('stay')];
    const moving = adam({ learningRate: 0.03, average: { type: 'polyak' } });
    const staying = adam({ learningRate: 0.03, average: { type: 'polyak' }, execution: 'ops' });
    const paths: string[] = [];
    for (const [s, step] of grads.entries()) {
      // Variables made on cpu are not in the wasm heap: that step runs as tf ops, the next ones fused on wasm.
      if (s === 4) await useBackend('wasm');
      applyArrays(moving, a, step);
      applyArrays(staying, b, step);
      paths.push(moving.executedOn);
    }
    await useBackend('cpu');
    expect(paths).toEqual(['fused', 'fused', 'fused', 'fused', 'ops', 'fused', 'fused', 'fused']);
    const expected = valuesOf(b);
    valuesOf(a).forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)));
    const stateA = moving.exportState();
    const stateB = staying.exportState();
    expect(stateA.stepsTaken).toBe(8);
    expect(Object.keys(stateA.tensors)).toHaveLength(3);
    expect(stateA.tensors[a[0].name].averaged).toBe(stateB.tensors[b[0].name].averaged);
    // The fused optimizer takes the ops optimizer's state (and vice versa) through importState.
    const adopted = adam({ learningRate: 0.03, average: { type: 'polyak' }, execution: 'ops' });
    adopted.importState(stateA);
    expect(adopted.exportState()).toEqual(stateA);
    tf.dispose([...a, ...b]);
    [moving, staying, adopted].forEach((o) => o.dispose());
  });
});

describe.each(['cpu', 'wasm'] as const)('lookahead on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));

  test('fused: bit for bit the core optimizer with lookahead; tf ops within float32 rounding; saved in getConfig', () => {
    const lookahead = { k: 3, alpha: 0.5 };
    const rule = RULES.adam;
    const grads = gradientSequence(11, 10);
    for (const execution of ['fused', 'ops'] as const) {
      const variables = makeVariables();
      const expected = coreTrajectory({ rule, lookahead }, valuesOf(variables), grads, variables.map((v) => v.name));
      const optimizer = createDescentOptimizer(rule, { lookahead, execution });
      grads.forEach((step, s) => {
        applyArrays(optimizer, variables, step);
        if (execution === 'fused') expect(valuesOf(variables)).toEqual(expected.params[s]);
        else valuesOf(variables).forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected.params[s][i][j], 4)));
      });
      expect(optimizer.getConfig().lookahead).toEqual(lookahead);
      optimizer.dispose();
      tf.dispose(variables);
    }
  });

  test.each(['lamb', 'adafactor', 'muon'] as const)('lookahead composes with %s, a rule that reduces the tensor: the core trajectory within float32 rounding', (type) => {
    const lookahead = { k: 2, alpha: 0.5 };
    const rule = { type, learningRate: 0.02 };
    const grads = gradientSequence(13, 6);
    for (const execution of ['fused', 'ops'] as const) {
      const variables = makeVariables();
      const expected = coreTrajectory({ rule, lookahead }, valuesOf(variables), grads, variables.map((v) => v.name));
      const optimizer = createDescentOptimizer(rule, { lookahead, execution });
      grads.forEach((step, s) => {
        applyArrays(optimizer, variables, step);
        valuesOf(variables).forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected.params[s][i][j], 4)));
      });
      optimizer.dispose();
      tf.dispose(variables);
    }
  });
});

describe('sam', () => {
  beforeAll(() => useBackend('cpu'));

  test('minimize steps from w with the gradient at w + rho·g/‖g‖, by hand on ½·Σ aᵢ·wᵢ²', () => {
    const a = [1, 3];
    const w0 = [1, 2];
    const rho = 0.1;
    const lr = 0.1;
    const w = tf.variable(tf.tensor1d(w0), true, 'sam/w');
    const optimizer = sgd({ learningRate: lr, sam: { rho } });
    let evaluations = 0;
    const loss = () => {
      evaluations++;
      return tf.tidy(() => w.square().mul(tf.tensor1d(a)).sum().mul(0.5) as tf.Scalar);
    };
    const before = tf.memory().numTensors;
    const cost = optimizer.minimize(loss, true, [w]) as tf.Scalar;
    const g = w0.map((v, i) => a[i] * v);
    const norm = Math.hypot(...g);
    const ascended = w0.map((v, i) => v + (rho * g[i]) / norm);
    const expected = w0.map((v, i) => v - lr * a[i] * ascended[i]);
    Array.from(w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(cost.dataSync()[0]).toBeCloseTo(0.5 * (1 + 3 * 4), 6);
    expect(evaluations).toBe(2);
    cost.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(optimizer.getConfig().sam).toEqual({ rho });
    optimizer.dispose();
    w.dispose();
  });

  test('fit trains with sam (two evaluations per batch) and lowers the loss', async () => {
    const { x, y } = mnistSet([0, 1, 2], 10);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [784], activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })] });
    const optimizer = adam({ learningRate: 0.01, sam: { rho: 0.05 } });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const history = await model.fit(x, y, { epochs: 4, batchSize: 10, verbose: 0, shuffle: false });
    const losses = history.history.loss as number[];
    expect(losses[3]).toBeLessThan(losses[0]);
    expect(optimizer.stepsTaken).toBe(4 * Math.ceil(x.shape[0] / 10));
    expect(() => sgd({ sam: { rho: 0 } })).toThrow(/sgd\.sam\.rho/);
    model.dispose();
    optimizer.dispose();
  });
});
