import * as tf from '@tensorflow/tfjs';
import { createLbfgs, DescentError, quadratic } from '@descent/core';
import { lbfgs } from '@descent/tfjs';
import { useBackend } from './helpers';

/** ½·xᵀAx − bᵀx over x split into two variables, in tf ops, and the same objective from the core. */
const A = [
  [4, 1, 0, 0],
  [1, 3, 0.5, 0],
  [0, 0.5, 2, 0.2],
  [0, 0, 0.2, 1],
];
const B = [1, -2, 0.5, 3];
const START = [0.5, -0.5, 1, 2];

function tfQuadratic(x1: tf.Variable, x2: tf.Variable): () => tf.Scalar {
  const a = tf.tensor2d(A);
  const b = tf.tensor1d(B);
  return () =>
    tf.tidy(() => {
      const x = tf.concat([x1, x2]);
      return x.mul(a.matMul(x.reshape([4, 1])).reshape([4])).sum().mul(0.5).sub(b.mul(x).sum()) as tf.Scalar;
    });
}

describe.each([null, 'strongWolfe'] as const)('L-BFGS with lineSearch %s', (lineSearch) => {
  beforeAll(() => useBackend('cpu'));

  test('follows the core L-BFGS on the same objective (same iterations and evaluations while far from the optimum)', () => {
    const x1 = tf.variable(tf.tensor1d(START.slice(0, 2)), true, `lbfgs-${lineSearch}/x1`);
    const x2 = tf.variable(tf.tensor1d(START.slice(2)), true, `lbfgs-${lineSearch}/x2`);
    const loss = tfQuadratic(x1, x2);
    const optimizer = lbfgs({ lineSearch, maxIter: 4 });
    const reference = createLbfgs({ type: 'lbfgs', lineSearch, maxIter: 4 });
    const objective = quadratic({ A, b: B });
    const x = Float32Array.from(START);
    const gradient = new Float64Array(4);
    for (let step = 0; step < 5; step++) {
      const before = tf.memory().numTensors;
      const result = optimizer.minimize(loss, [x1, x2]);
      expect(tf.memory().numTensors).toBe(before);
      const expected = reference.step(x, (at) => ({ loss: objective.evaluate(at, gradient), gradient }));
      // Near the optimum the float32 loss of tf ops and the core's float64 loss can send the line search different ways.
      if (step === 0) {
        expect(result.iterations).toBe(expected.iterations);
        expect(result.evaluations).toBe(expected.evaluations);
        const got = [...x1.dataSync(), ...x2.dataSync()];
        got.forEach((v, i) => expect(v).toBeCloseTo(x[i], 4));
      }
    }
    const solution = [...x1.dataSync(), ...x2.dataSync()];
    const residual = A.map((row, i) => row.reduce((sum, a, j) => sum + a * solution[j], 0) - B[i]);
    residual.forEach((r) => expect(Math.abs(r)).toBeLessThan(1e-3));
    tf.dispose([x1, x2]);
  });
});

describe('L-BFGS on a model', () => {
  beforeAll(() => useBackend('cpu'));

  test('full-batch least squares reaches the exact solution; the state resumes', () => {
    const xs = tf.tensor2d([[0], [1], [2], [3], [4]]);
    const ys = tf.tensor2d([[1], [3], [5], [7], [9]]);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })] });
    const loss = () => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor) as tf.Scalar;
    const optimizer = lbfgs({ lineSearch: 'strongWolfe', maxIter: 50 });
    const { initialLoss } = optimizer.minimize(loss, model);
    expect(initialLoss).toBeCloseTo(33, 4);
    const [kernel, bias] = model.getWeights().map((w) => w.dataSync()[0]);
    expect(kernel).toBeCloseTo(2, 4);
    expect(bias).toBeCloseTo(1, 4);
    const copy = lbfgs({ lineSearch: 'strongWolfe', maxIter: 50 });
    copy.importState(optimizer.exportState());
    expect(copy.exportState()).toEqual(optimizer.exportState());
    model.dispose();
    tf.dispose([xs, ys]);
  });

  test('bad input names the problem', () => {
    const v = tf.variable(tf.tensor1d([1, 2]), true, 'lbfgs-bad/v');
    const unused = tf.variable(tf.tensor1d([1]), true, 'lbfgs-bad/unused');
    const optimizer = lbfgs();
    expect(() => lbfgs({ maxIter: 0 })).toThrow(DescentError);
    expect(() => optimizer.minimize(() => v.square() as unknown as tf.Scalar, [v])).toThrow(/scalar/);
    expect(() => optimizer.minimize(() => v.square().sum() as tf.Scalar, [v, unused])).toThrow(/lbfgs-bad\/unused/);
    expect(() => optimizer.minimize(() => v.sum() as tf.Scalar, [])).toThrow(DescentError);
    expect(Array.from(v.dataSync())).toEqual([1, 2]);
    tf.dispose([v, unused]);
  });
});
