import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { sgd, type DescentOptions } from '@descent/tfjs';
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
