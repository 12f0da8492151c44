import { createReferenceOptimizer, DescentError } from '../src';

test('asgd: its average is the parameter until t0, then the running mean of the iterates since', () => {
  // lambd 0 keeps η = lr; a constant gradient 1 walks p from 1 by 0.1 a step.
  const optimizer = createReferenceOptimizer({ rule: { type: 'asgd', learningRate: 0.1, lambd: 0, t0: 2 } });
  const p = { name: 'w', values: new Float64Array([1]) };
  const seen: number[] = [];
  for (let s = 0; s < 6; s++) {
    optimizer.step([p], [new Float64Array([1])]);
    seen.push((optimizer.averageOf('w') as Float64Array)[0]);
  }
  // μ of step t is 1/max(1, t − 1 − t0): steps 1–4 copy, step 5 averages p₄ and p₅, step 6 p₄…p₆.
  [0.9, 0.8, 0.7, 0.6, 0.55, 0.5].forEach((expected, i) => expect(seen[i]).toBeCloseTo(expected, 12));
  expect(p.values[0]).toBeCloseTo(0.4, 12);
});

test('asgd: the step size decays as lr/(1 + lambd·lr·t)^alpha and the parameter shrinks by 1 − lambd·η', () => {
  const h = { learningRate: 0.5, lambd: 0.2, alpha: 0.75 };
  const optimizer = createReferenceOptimizer({ rule: { type: 'asgd', ...h } });
  const p = { name: 'w', values: new Float64Array([2]) };
  let expected = 2;
  for (let t = 1; t <= 4; t++) {
    const eta = t === 1 ? h.learningRate : h.learningRate / Math.pow(1 + h.lambd * h.learningRate * (t - 1), h.alpha);
    expected = expected * (1 - h.lambd * eta) - eta * 0.3;
    optimizer.step([p], [new Float64Array([0.3])]);
    expect(p.values[0]).toBeCloseTo(expected, 12);
  }
});

test('scheduleFreeSgd: y and x follow the paper\'s explicit form (z, x, y = βx + (1 − β)z) on a quadratic', () => {
  const beta = 0.8;
  const lr = 0.3;
  const optimizer = createReferenceOptimizer({ rule: { type: 'scheduleFreeSgd', learningRate: lr, momentum: beta, warmupSteps: 3, r: 1 } });
  const y = { name: 'w', values: new Float64Array([2, -1]) };
  const curvature = [1, 4];
  // The explicit form, written out here: warm-up rates, weights (k+1)^r·lrMax², c = weight/Σweights.
  let z = [2, -1];
  let x = [2, -1];
  let weightSum = 0;
  let lrMax = -1;
  for (let k = 0; k < 8; k++) {
    const yBefore = x.map((xi, i) => beta * xi + (1 - beta) * z[i]);
    yBefore.forEach((v, i) => expect(y.values[i]).toBeCloseTo(v, 12));
    const gradient = yBefore.map((v, i) => curvature[i] * v);
    optimizer.step([y], [new Float64Array(gradient)]);
    const rate = k < 3 ? (lr * (k + 1)) / 3 : lr;
    lrMax = Math.max(lrMax, rate);
    const weight = (k + 1) * lrMax ** 2;
    weightSum += weight;
    const c = weight / weightSum;
    z = z.map((zi, i) => zi - rate * gradient[i]);
    x = x.map((xi, i) => (1 - c) * xi + c * z[i]);
    const evaluated = optimizer.averageOf('w', y.values) as Float64Array;
    x.forEach((v, i) => expect(evaluated[i]).toBeCloseTo(v, 12));
  }
  // Eight steps bring x within a fifth of its starting distance from the minimum at 0.
  expect(Math.hypot(...x)).toBeLessThan(0.2 * Math.hypot(2, -1));
});

test('scheduleFreeAdamW: averageOf needs the parameter values, and names them when missing', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'scheduleFreeAdamW' } });
  const p = { name: 'w', values: new Float64Array([1, 2]) };
  expect(optimizer.averageOf('w')).toBeUndefined();
  optimizer.step([p], [new Float64Array([0.5, -0.5])]);
  expect(optimizer.keepsAverage).toBe(true);
  let error: unknown;
  try {
    optimizer.averageOf('w');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DescentError);
  expect((error as DescentError).argument).toBe('param');
  // After one step c = 1, so x = y = z.
  const x = optimizer.averageOf('w', p.values) as Float64Array;
  x.forEach((v, i) => expect(v).toBeCloseTo(p.values[i], 14));
  expect(createReferenceOptimizer({ rule: { type: 'adam' } }).keepsAverage).toBe(false);
});
