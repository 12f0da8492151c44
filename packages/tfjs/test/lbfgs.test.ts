import * as tf from '@tensorflow/tfjs';
import { createLbfgs, DescentError, quadratic, Random } from '@descent/core';
import { DescentLbfgs, lbfgs } from '@descent/tfjs';
import { seeded, useBackend } from './helpers';

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

/** The least-squares weights [w…, b] of y ≈ X·w + b, in float64 by the normal equations. */
function leastSquares(rows: number[][], ys: number[]): number[] {
  const design = rows.map((r) => [...r, 1]);
  const size = design[0].length;
  const system = Array.from({ length: size }, (_, i) => [
    ...Array.from({ length: size }, (_, j) => design.reduce((sum, r) => sum + r[i] * r[j], 0)),
    design.reduce((sum, r, k) => sum + r[i] * ys[k], 0),
  ]);
  for (let col = 0; col < size; col++) {
    const pivot = system[col][col];
    for (let row = 0; row < size; row++) {
      if (row === col) continue;
      const factor = system[row][col] / pivot;
      for (let k = col; k <= size; k++) system[row][k] -= factor * system[col][k];
    }
  }
  return system.map((row, i) => row[size] / row[i]);
}

describe('L-BFGS in model.compile', () => {
  beforeAll(() => useBackend('cpu'));

  const random = new Random(11);
  const rows = Array.from({ length: 40 }, () => seeded(random, 3));
  const targets = rows.map((r) => 1.5 * r[0] - 2 * r[1] + 0.5 * r[2] + 0.3 + 0.2 * random.nextNormal());
  const solution = leastSquares(rows, targets);
  const optimum = rows.reduce((sum, r, k) => sum + (r[0] * solution[0] + r[1] * solution[1] + r[2] * solution[2] + solution[3] - targets[k]) ** 2, 0) / rows.length;

  function regressionModel(optimizer: tf.Optimizer, metrics?: string[]): tf.Sequential {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: 'zeros' })] });
    model.compile({ optimizer, loss: 'meanSquaredError', metrics });
    return model;
  }

  test('full-batch fit reaches the least-squares optimum, one L-BFGS step an epoch, leaking nothing', async () => {
    const x = tf.tensor2d(rows);
    const y = tf.tensor2d(targets, [targets.length, 1]);
    const optimizer = lbfgs({ lineSearch: 'strongWolfe' });
    const model = regressionModel(optimizer);
    const first = await model.fit(x, y, { batchSize: rows.length, epochs: 1, shuffle: false, verbose: 0 });
    // fit logs the loss the step started from: the zero model's.
    expect(first.history.loss[0]).toBeCloseTo(targets.reduce((sum, t) => sum + t * t, 0) / targets.length, 4);
    expect(optimizer.evaluations).toBeGreaterThan(2);
    const before = tf.memory().numTensors;
    const history = await model.fit(x, y, { batchSize: rows.length, epochs: 2, shuffle: false, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    const final = (model.evaluate(x, y) as tf.Scalar).dataSync()[0];
    expect(optimum).toBeGreaterThan(0.01);
    expect(Math.abs(final - optimum)).toBeLessThan(1e-5 * optimum + 1e-6);
    expect((history.history.loss as number[]).every((l) => l < first.history.loss[0] / 10)).toBe(true);
    const [kernel, bias] = model.getWeights().map((w) => Array.from(w.dataSync()));
    [...kernel, ...bias].forEach((w, i) => expect(w).toBeCloseTo(solution[i], 3));
    model.dispose();
    tf.dispose([x, y]);
  });

  test('saves and resumes with the model (includeOptimizer)', async () => {
    const x = tf.tensor2d(rows);
    const y = tf.tensor2d(targets, [targets.length, 1]);
    const optimizer = lbfgs({ lineSearch: 'strongWolfe', maxIter: 3 });
    const model = regressionModel(optimizer);
    await model.fit(x, y, { batchSize: rows.length, epochs: 1, verbose: 0 });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }), { includeOptimizer: true });
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.optimizer).toBeInstanceOf(DescentLbfgs);
    const restored = loaded.optimizer as DescentLbfgs;
    expect(restored.hyperparameters).toEqual(optimizer.hyperparameters);
    expect(restored.exportState()).toEqual(optimizer.exportState());
    tf.dispose([x, y]);
    model.dispose();
    loaded.dispose();
  });

  test('refuses a model compiled with metrics before changing a weight, and applyGradients', async () => {
    const x = tf.tensor2d(rows);
    const y = tf.tensor2d(targets, [targets.length, 1]);
    const optimizer = lbfgs();
    const model = regressionModel(optimizer, ['mse']);
    await expect(model.fit(x, y, { batchSize: rows.length, epochs: 1, verbose: 0 })).rejects.toThrow(/compile the model without metrics/);
    model.getWeights().forEach((w) => expect(Array.from(w.dataSync()).every((v) => v === 0)).toBe(true));
    expect(() => optimizer.applyGradients({})).toThrow(DescentError);
    model.dispose();
    tf.dispose([x, y]);
  });
});
