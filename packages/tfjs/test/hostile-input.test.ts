import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { adamw, lbfgs, sgd, type DescentOptions } from '@descent/tfjs';
import { useBackend } from './helpers';

let counter = 0;
const unique = (prefix: string) => `${prefix}${counter++}`;

/** The values of a variable after one sgd(lr 1) step with clipByGlobalNorm(maxNorm) from gradient `g`. */
function clippedStep(execution: DescentOptions['execution'], g: number[], maxNorm: number): Float32Array {
  const v = tf.variable(tf.zeros([g.length]), true, unique('clip'));
  const optimizer = sgd({ learningRate: 1, execution, transforms: [{ type: 'clipByGlobalNorm', maxNorm }] });
  const grad = tf.tensor1d(g);
  optimizer.applyGradients({ [v.name]: grad });
  const values = v.dataSync() as Float32Array;
  tf.dispose([v, grad]);
  optimizer.dispose();
  return values;
}

describe.each(['cpu', 'wasm'] as const)('the global norm does not overflow (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  test.each(['fused', 'ops'] as const)('%s path: gradients of 1e20 and 3e38 are clipped to maxNorm, not zeroed', (execution) => {
    // ‖(3e20, 4e20)‖ = 5e20 → the step is −g·1/5e20 = (−0.6, −0.8).
    const small = clippedStep(execution, [3e20, 4e20], 1);
    expect(small[0]).toBeCloseTo(-0.6, 6);
    expect(small[1]).toBeCloseTo(-0.8, 6);
    // Near the float32 limit, with a zero and a tiny element beside them.
    const huge = clippedStep(execution, [3e38, -3e38, 0, 1e-30], 2);
    expect(huge[0]).toBeCloseTo(-Math.SQRT2, 5);
    expect(huge[1]).toBeCloseTo(Math.SQRT2, 5);
    expect(huge[2]).toBe(0);
    expect(Math.abs(huge[3])).toBeLessThan(1e-30);
  });

  test.each(['fused', 'ops'] as const)('%s path: below maxNorm and all-zero gradients stay as they are', (execution) => {
    expect(Array.from(clippedStep(execution, [0.3, -0.4], 1))).toEqual([Math.fround(-0.3), Math.fround(0.4)]);
    expect(Array.from(clippedStep(execution, [0, 0], 1e-9))).toEqual([0, 0]);
    // maxNorm below 1e-6 on tiny gradients: the factor maxNorm/(norm + 1e-6) of torch.
    const tiny = clippedStep(execution, [1e-30, 0], 1e-7);
    expect(tiny[0] / (-1e-30 * (1e-7 / (1e-30 + 1e-6)))).toBeCloseTo(1, 5);
  });
});

describe.each(['cpu', 'wasm'] as const)('no tensor leaks from a rejected step (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  test.each(['fused', 'ops'] as const)('%s path: minimize() rejected for a non-finite gradient leaks nothing', (execution) => {
    const v = tf.variable(tf.tensor1d([1, 2]), true, unique('minimize'));
    const optimizer = sgd({ learningRate: 0.1, execution });
    optimizer.minimize(() => v.square().sum() as tf.Scalar);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      // d/dv sqrt(v·0 − 1) is NaN at every element.
      expect(() => optimizer.minimize(() => v.mul(0).sub(1).sqrt().sum() as tf.Scalar, true)).toThrow(DescentError);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(v.dataSync())).toEqual([Math.fround(0.8), Math.fround(1.6)]);
    optimizer.dispose();
    v.dispose();
  });

  // tfjs-layers' fit leaks on any batch that throws, whatever the optimizer: its sample
  // indices (made outside its batch tidy) and the running loss total of the batches before.
  // A rejected descent step must leak nothing more than a throwing step of tf.train's sgd.
  test('fit rejected for a non-finite loss leaks no more than tfjs-layers does on any throw', async () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]]);
    const y = tf.tensor2d([[1], [2], [3], [4], [5], [6]]);
    const bad = tf.tensor2d([[1], [2], [NaN], [4], [5], [6]]);
    /** numTensors and numBytes added by three fits on `targets` that throw at their second batch. */
    const leakOf = async (optimizer: tf.Optimizer, targets: tf.Tensor, arm = () => {}) => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
      model.compile({ optimizer, loss: 'meanSquaredError' });
      await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
      arm();
      const before = tf.memory();
      for (let i = 0; i < 3; i++) await expect(model.fit(x, targets, { epochs: 1, batchSize: 2, verbose: 0, shuffle: false })).rejects.toThrow();
      const after = tf.memory();
      optimizer.dispose();
      model.dispose();
      return [after.numTensors - before.numTensors, after.numBytes - before.numBytes];
    };
    let armed = false;
    let calls = 0;
    /** tf.train's sgd, except that from arming on every second step throws. */
    class ThrowingSgd extends tf.SGDOptimizer {
      override applyGradients(gradients: tf.NamedTensorMap | tf.NamedTensor[]): void {
        if (armed && ++calls % 2 === 0) throw new RangeError('a step that throws');
        super.applyGradients(gradients);
      }
    }
    const tfjsOwn = await leakOf(new ThrowingSgd(0.01), y, () => (armed = true));
    expect(tfjsOwn[0]).toBeGreaterThan(0);
    expect(await leakOf(sgd({ learningRate: 0.01 }), bad)).toEqual(tfjsOwn);
    expect(await leakOf(sgd({ learningRate: 0.01, execution: 'ops' }), bad)).toEqual(tfjsOwn);
    tf.dispose([x, y, bad]);
  });
});

describe.each(['cpu', 'wasm'] as const)('skipNonFinite guardResult on tfjs (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  test.each(['fused', 'ops'] as const)('%s path: a step that would overflow the weights is put back and skipped, leaking nothing', (execution) => {
    const v = tf.variable(tf.tensor1d([1, -3]), true, unique('guard'));
    const optimizer = adamw({ learningRate: 1e30, weightDecay: 0.01, execution, transforms: [{ type: 'skipNonFinite', guardResult: true }] });
    const g = tf.tensor1d([0.1, 0.1]);
    optimizer.applyGradients({ [v.name]: g });
    expect(optimizer.lastOutcome).toBe('updated');
    const values = Array.from(v.dataSync());
    const state = optimizer.exportState().tensors;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      optimizer.applyGradients({ [v.name]: g });
      expect(optimizer.lastOutcome).toBe('skipped');
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(v.dataSync())).toEqual(values);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(optimizer.exportState().tensors).toEqual(state);
    expect([optimizer.stepsTaken, optimizer.skippedSteps]).toEqual([1, 5]);
    // Without guardResult the same step writes -Inf/Inf into the weights.
    const unguarded = adamw({ learningRate: 1e30, weightDecay: 0.01, execution });
    unguarded.importState({ ...optimizer.exportState(), transforms: [] });
    unguarded.applyGradients({ [v.name]: g });
    expect(Array.from(v.dataSync()).every(Number.isFinite)).toBe(false);
    tf.dispose([v, g]);
    optimizer.dispose();
    unguarded.dispose();
  });
});

describe.each(['cpu', 'wasm'] as const)('every rejected applyGradients leaks nothing (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  test.each(['fused', 'ops'] as const)('%s path, with every option configured', (execution) => {
    const a = tf.variable(tf.zeros([2, 2]), true, unique('reject'));
    const b = tf.variable(tf.zeros([3]), true, unique('reject'));
    const optimizer = adamw({
      execution,
      transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }, { type: 'l2', strength: 0.01 }, { type: 'accumulate', steps: 2 }],
      average: { type: 'ema', decay: 0.9 },
    });
    const good = { [a.name]: tf.ones([2, 2]), [b.name]: tf.ones([3]) };
    optimizer.applyGradients(good);
    optimizer.applyGradients(good);
    const bad: tf.NamedTensorMap[] = [
      { [a.name]: tf.tensor2d([[1, NaN], [1, 1]]), [b.name]: tf.ones([3]) },
      { [a.name]: tf.ones([2, 2]), [b.name]: tf.tensor1d([Infinity, 1, 1]) },
      { [a.name]: tf.ones([4]), [b.name]: tf.ones([3]) },
      { [a.name]: tf.ones([2, 2]), [b.name]: tf.ones([3], 'int32') },
      { [a.name]: tf.ones([2, 2]), unknownVariable: tf.ones([3]) },
    ];
    const before = tf.memory().numTensors;
    const state = JSON.stringify(optimizer.exportState());
    for (const grads of bad) expect(() => optimizer.applyGradients(grads)).toThrow(DescentError);
    expect(tf.memory().numTensors).toBe(before);
    expect(JSON.stringify(optimizer.exportState())).toBe(state);
    for (const grads of [good, ...bad]) tf.dispose(Object.values(grads));
    tf.dispose([a, b]);
    optimizer.dispose();
  });
});

test('L-BFGS minimize rejected mid-step (a NaN loss at a trial point) leaves the variables and the history as they were, and no tensor', () => {
  const v = tf.variable(tf.tensor1d([1, 2]), true, unique('lbfgs'));
  const optimizer = lbfgs({ maxIter: 5 });
  const state = optimizer.exportState();
  const before = tf.memory().numTensors;
  let calls = 0;
  // The first evaluation is finite, the line search's trial point is not.
  const loss = () => (++calls >= 2 ? v.sum().mul(NaN) : v.square().sum()) as tf.Scalar;
  expect(() => optimizer.minimize(loss, [v])).toThrow(/objective loss = NaN/);
  expect(calls).toBe(2);
  expect(Array.from(v.dataSync())).toEqual([1, 2]);
  expect(optimizer.exportState()).toEqual(state);
  expect(tf.memory().numTensors).toBe(before);
  v.dispose();
});
