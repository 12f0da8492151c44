import { createOptimizer, checkDropoutRate, dropoutMask, Random, createLbfgs, createSchedule, createTransform, createAverager } from '../src';
import { thrown } from './thrown';

describe('configs are rejected at construction, naming the field, the value and what is allowed', () => {
  test.each([
    [{ rule: { type: 'adamm' } }, 'rule.type', 'adamm', /one of "sgd", "adagrad"/],
    [{ rule: { type: 'adam', lr: 0.1 } }, 'adam.lr', 0.1, /one of the known fields \(learningRate, beta1.*\): "lr" is not one/],
    [{ rule: { type: 'sgd', learningRate: -0.1 } }, 'sgd.learningRate', -0.1, /≥ 0/],
    [{ rule: { type: 'adam', beta1: 1 } }, 'adam.beta1', 1, /\[0, 1\)/],
    [{ rule: { type: 'adam', beta2: -0.1 } }, 'adam.beta2', -0.1, /\[0, 1\)/],
    [{ rule: { type: 'lion', beta1: 1.5 } }, 'lion.beta1', 1.5, /\[0, 1\)/],
    [{ rule: { type: 'rprop', etaMinus: 1 } }, 'rprop.etaMinus', 1, /\(0, 1\)/],
    [{ rule: { type: 'rprop', etaPlus: 1 } }, 'rprop.etaPlus', 1, /> 1/],
    [{ rule: { type: 'rprop', stepSizeMin: 0.1, stepSizeMax: 0.01 } }, 'rprop.stepSizeMin', 0.1, /≤ stepSizeMax \(0\.01\)/],
    [{ rule: { type: 'asgd', t0: 0 } }, 'asgd.t0', 0, /> 0/],
    [{ rule: { type: 'asgd', lambd: -1e-4 } }, 'asgd.lambd', -1e-4, /≥ 0/],
    [{ rule: { type: 'asgd' }, average: { type: 'ema' } }, 'average', { type: 'ema' }, /none: asgd keeps its own evaluation point/],
    [{ rule: { type: 'scheduleFreeAdamW', beta1: 0 } }, 'scheduleFreeAdamW.beta1', 0, /\(0, 1\)/],
    [{ rule: { type: 'scheduleFreeAdamW', warmupSteps: 2.5 } }, 'scheduleFreeAdamW.warmupSteps', 2.5, /integer/],
    [{ rule: { type: 'scheduleFreeSgd', momentum: 1 } }, 'scheduleFreeSgd.momentum', 1, /\(0, 1\)/],
    [{ rule: { type: 'scheduleFreeSgd', weightLrPower: -2 } }, 'scheduleFreeSgd.weightLrPower', -2, /≥ 0/],
    [{ rule: { type: 'sgd', nesterov: true } }, 'sgd.nesterov', true, /momentum > 0/],
    [{ rule: { type: 'sgd', nesterov: true, momentum: 0.9, dampening: 0.1 } }, 'sgd.dampening', 0.1, /0 when nesterov/],
    [{ rule: { type: 'adam', amsgrad: 'yes' } }, 'adam.amsgrad', 'yes', /true or false/],
    [{ rule: { type: 'adam', epsilon: 0 } }, 'adam.epsilon', 0, /> 0/],
    [{ rule: { type: 'rmsprop', learningRate: Number.NaN } }, 'rmsprop.learningRate', Number.NaN, /finite/],
    [{ rule: { type: 'lbfgs' } }, 'rule.type', 'lbfgs', /createLbfgs/],
    [{ rule: { type: 'adam' }, schedule: { type: 'cosine' } }, 'schedule(cosine).decaySteps', undefined, /required/],
    [{ rule: { type: 'adam' }, schedule: { type: 'step', stepSize: 0 } }, 'schedule(step).stepSize', 0, /integer ≥ 1/],
    [{ rule: { type: 'adam' }, schedule: { type: 'warmup' } }, 'schedule.type', 'warmup', /"cosineRestarts"/],
    [{ rule: { type: 'adam' }, schedule: { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'cosine', decaySteps: 5 }], milestones: [] } }, 'schedule(sequential).milestones', [], /non-empty/],
    [{ rule: { type: 'adam' }, schedule: { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'cosine' }], milestones: [3] } }, 'schedule(sequential).schedules[1](cosine).decaySteps', undefined, /required/],
    [{ rule: { type: 'adam' }, schedule: { type: 'multiStep', milestones: [5, 3] } }, 'schedule(multiStep).milestones', [5, 3], /increasing/],
    [{ rule: { type: 'adam' }, schedule: { type: 'reduceOnPlateau', factor: 1 } }, 'schedule(reduceOnPlateau).factor', 1, /\(0, 1\)/],
    [{ rule: { type: 'adam' }, transforms: [{ type: 'clipByGlobalNorm' }] }, 'transforms[0](clipByGlobalNorm).maxNorm', undefined, /required/],
    [{ rule: { type: 'adam' }, transforms: [{ type: 'clip' }] }, 'transforms[0].type', 'clip', /"clipByValue"/],
    [{ rule: { type: 'adam' }, average: { type: 'ema', decay: 1 } }, 'average(ema).decay', 1, /\[0, 1\)/],
    [{ rule: { type: 'adam' }, average: { type: 'swa' } }, 'average.type', 'swa', /"ema", "polyak"/],
    [{ rule: { type: 'adam' }, groups: [{ pattern: 'bias', weightDecay: -1 }] }, 'groups[0].weightDecay', -1, /≥ 0/],
    [{ rule: { type: 'adam' }, groups: [{ pattern: 'bias', momentum: 0.9 }] }, 'groups[0].momentum', 0.9, /"momentum" is not one/],
    [{ rule: { type: 'adam' }, groups: [{ weightDecay: 0 }] }, 'groups[0].names', undefined, /names or pattern/],
    [{ rule: { type: 'adam' }, groups: [{ pattern: '(' }] }, 'groups[0].pattern', '(', /valid regular expression/],
    [{ rule: { type: 'adam' }, clip: 1 }, 'config.clip', 1, /known options \(rule, schedule, transforms, average, groups, lookahead\): "clip" is not one/],
  ])('%j', (config, argument, value, allowed) => {
    const error = thrown(() => createOptimizer(config as never));
    expect(error.argument).toBe(argument);
    expect(error.value).toEqual(value);
    expect(error.message).toMatch(allowed);
  });
});

test('other constructors check their configs too', () => {
  expect(thrown(() => createLbfgs({ type: 'lbfgs', historySize: 0 })).argument).toBe('lbfgs.historySize');
  expect(thrown(() => createLbfgs({ type: 'lbfgs', lineSearch: 'wolfe' as never })).message).toMatch(/"strongWolfe"/);
  expect(thrown(() => createSchedule({ type: 'oneCycle', maxLearningRate: 1, totalSteps: 2 })).argument).toBe('schedule(oneCycle).totalSteps');
  expect(thrown(() => createSchedule({ type: 'cyclic', baseLearningRate: 1, maxLearningRate: 0.5 })).argument).toBe('schedule(cyclic).maxLearningRate');
  expect(thrown(() => createTransform({ type: 'accumulate', steps: 1.5 })).argument).toBe('transform(accumulate).steps');
  expect(thrown(() => createAverager(null)).argument).toBe('average');
});

test('a dropout rate outside [0, 1) is rejected, naming it', () => {
  expect(thrown(() => checkDropoutRate(1, 'layers[1].dropout')).message).toBe('layers[1].dropout = 1 is invalid: expected a number in [0, 1)');
  expect(thrown(() => dropoutMask(new Random(1), -0.1, new Float32Array(3))).argument).toBe('rate');
});

describe('a rejected step throws, naming the tensor, and leaves parameters and state exactly as they were', () => {
  function setup() {
    const optimizer = createOptimizer({ rule: { type: 'adam', learningRate: 0.1 }, average: { type: 'ema' }, transforms: [{ type: 'accumulate', steps: 2 }] });
    const params = [
      { name: 'dense/kernel', shape: [2, 2], values: new Float32Array([1, 2, 3, 4]) },
      { name: 'dense/bias', shape: [2], values: new Float32Array([0.5, -0.5]) },
    ];
    for (let s = 0; s < 3; s++) optimizer.step(params, [new Float32Array([1, 1, 1, 1]), new Float32Array([1, -1])]);
    return { optimizer, params, state: JSON.stringify(optimizer.exportState()), values: params.map((p) => Array.from(p.values)) };
  }

  test.each([
    ['one gradient too few', (p: Float32Array[]) => [p[0]], 'grads.length', /grads.length = 1 is invalid: expected 2, one gradient per parameter/],
    ['a gradient of the wrong length', () => [new Float32Array(4), new Float32Array(3)], 'grads[1] ("dense/bias").length', /2, the parameter's length/],
    ['a gradient of the wrong shape', () => [{ values: new Float32Array(4), shape: [4, 1] }, new Float32Array(2)], 'grads[0] ("dense/kernel").shape', /\[2, 2\]/],
    ['a Float64Array gradient', () => [new Float64Array(4), new Float32Array(2)], 'grads[0] ("dense/kernel")', /Float32Array/],
    ['a NaN gradient', () => [new Float32Array([0, 0, Number.NaN, 0]), new Float32Array(2)], 'grads[0] ("dense/kernel")[2]', /finite values \(add the skipNonFinite/],
    ['an infinite gradient in the second tensor', () => [new Float32Array(4), new Float32Array([Infinity, 0])], 'grads[1] ("dense/bias")[0]', /finite/],
  ])('%s', (_name, makeGrads, argument, allowed) => {
    const { optimizer, params, state, values } = setup();
    const error = thrown(() => optimizer.step(params, makeGrads(params.map((p) => p.values)) as never));
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(allowed);
    expect(JSON.stringify(optimizer.exportState())).toBe(state);
    expect(params.map((p) => Array.from(p.values))).toEqual(values);
  });

  test('parameters whose length changed since earlier steps, or duplicate names', () => {
    const { optimizer, state } = setup();
    expect(thrown(() => optimizer.step([{ name: 'dense/bias', values: new Float32Array(3) }], [new Float32Array(3)])).argument).toBe('params[0] ("dense/bias").values.length');
    expect(thrown(() => optimizer.step([{ name: 'a', values: new Float32Array(1) }, { name: 'a', values: new Float32Array(1) }], [new Float32Array(1), new Float32Array(1)])).argument).toBe('params[1].name');
    expect(JSON.stringify(optimizer.exportState())).toBe(state);
  });

  test('setHyperparameters with a bad value changes nothing', () => {
    const { optimizer, state } = setup();
    expect(thrown(() => optimizer.setHyperparameters({ learningRate: 0.5, beta1: 2 })).argument).toBe('adam.beta1');
    expect(JSON.stringify(optimizer.exportState())).toBe(state);
    expect(optimizer.learningRate).toBe(0.1);
  });
});

test('skipNonFinite skips and counts non-finite steps, and gives up after maxConsecutive in a row', () => {
  const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1 }, transforms: [{ type: 'skipNonFinite', maxConsecutive: 2 }] });
  const p = { name: 'w', values: new Float32Array([1, 2]) };
  const bad = new Float32Array([Number.NaN, 0]);
  expect(optimizer.step([p], [bad])).toBe('skipped');
  expect(optimizer.step([p], [new Float32Array([-Infinity, 0])])).toBe('skipped');
  expect(Array.from(p.values)).toEqual([1, 2]);
  expect(thrown(() => optimizer.step([p], [bad])).message).toMatch(/skipNonFinite gave up/);
  expect(optimizer.skippedSteps).toBe(2);
  expect(optimizer.step([p], [new Float32Array([0.5, 0.5])])).toBe('updated');
  expect(Array.from(p.values)).toEqual([0.5, 1.5]);
  expect(optimizer.step([p], [bad])).toBe('skipped');
  expect(optimizer.stepsTaken).toBe(1);
  expect(optimizer.skippedSteps).toBe(3);
});
