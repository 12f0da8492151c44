import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { adamw, sgd, type DescentOptions } from '@descent/tfjs';
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
