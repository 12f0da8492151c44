import { createLbfgs, quadratic, rosenbrock, saddle, createObjective, cubicInterpolate } from '../src';

test('L-BFGS with strong Wolfe reaches the Rosenbrock minimum from the classic start', () => {
  const objective = rosenbrock({}, 2);
  const lbfgs = createLbfgs({ type: 'lbfgs', lineSearch: 'strongWolfe', maxIter: 100 });
  const x = Float64Array.from([-1.2, 1]);
  const gradient = new Float64Array(2);
  const result = lbfgs.step(x, (at) => ({ loss: objective.evaluate(at, gradient), gradient }));
  expect(result.initialLoss).toBeCloseTo(24.2, 12);
  expect(x[0]).toBeCloseTo(1, 4);
  expect(x[1]).toBeCloseTo(1, 4);
  expect(result.evaluations).toBeLessThanOrEqual(125);
});

test('L-BFGS without line search solves a quadratic in about n iterations', () => {
  const objective = quadratic({ A: [[4, 1, 0], [1, 3, 0], [0, 0, 2]], b: [1, 2, 3] });
  const lbfgs = createLbfgs({ type: 'lbfgs', maxIter: 50, lineSearch: null });
  const x = new Float32Array(3);
  const gradient = new Float64Array(3);
  lbfgs.step(x, (at) => ({ loss: objective.evaluate(at, gradient), gradient }));
  // A x = b → x = [1/11, 7/11, 3/2]
  expect(x[0]).toBeCloseTo(1 / 11, 4);
  expect(x[1]).toBeCloseTo(7 / 11, 4);
  expect(x[2]).toBeCloseTo(1.5, 4);
});

test('L-BFGS stops at once when the gradient is already below toleranceGrad; maxEval defaults to ⌊1.25·maxIter⌋', () => {
  const lbfgs = createLbfgs({ type: 'lbfgs', maxIter: 10 });
  expect(lbfgs.hyperparameters.maxEval).toBe(12);
  const result = lbfgs.step(Float64Array.from([0]), () => ({ loss: 0, gradient: [0] }));
  expect(result).toEqual({ initialLoss: 0, loss: 0, iterations: 0, evaluations: 1 });
  expect(() => lbfgs.step(Float64Array.from([1, 2]), () => ({ loss: 0, gradient: [1] }))).toThrow(/gradient\.length = 1/);
});

test('cubicInterpolate finds the minimiser of a cubic through two points, clamped to its bounds', () => {
  // f(x) = (x − 1)², f' = 2(x − 1): points at 0 and 3.
  expect(cubicInterpolate(0, 1, -2, 3, 4, 4)).toBeCloseTo(1, 12);
  expect(cubicInterpolate(0, 1, -2, 3, 4, 4, [2, 3])).toBe(2);
});

test('objectives: gradients match finite differences; saddle has a zero gradient at the origin', () => {
  const objectives = [rosenbrock({ a: 1, b: 100 }, 3), quadratic({ A: [[2, 1], [1, 3]], b: [1, -1] }), saddle(), createObjective({ type: 'rosenbrock' }, 2)];
  for (const objective of objectives) {
    const x = Float64Array.from({ length: objective.dimension }, (_, i) => 0.3 + 0.2 * i);
    const gradient = new Float64Array(objective.dimension);
    objective.evaluate(x, gradient);
    for (let i = 0; i < x.length; i++) {
      const h = 1e-6;
      const up = Float64Array.from(x);
      const down = Float64Array.from(x);
      up[i] += h;
      down[i] -= h;
      const scratch = new Float64Array(x.length);
      const numeric = (objective.evaluate(up, scratch) - objective.evaluate(down, scratch)) / (2 * h);
      expect(gradient[i]).toBeCloseTo(numeric, 5);
    }
  }
  const g = new Float64Array(2);
  expect(saddle().evaluate([0, 0], g)).toBe(0);
  expect(Array.from(g)).toEqual([0, 0]);
  expect(() => quadratic({ A: [[1, 2], [3, 1]], b: [0, 0] })).toThrow(/symmetric/);
  expect(() => createObjective({ type: 'himmelblau' }, 2)).toThrow(/objective\.type = "himmelblau"/);
});

test('a rejected L-BFGS step (objective throws, NaN loss or gradient) leaves x and the history as they were', () => {
  const objective = rosenbrock({}, 2);
  const lbfgs = createLbfgs({ type: 'lbfgs', lineSearch: 'strongWolfe', maxIter: 5 });
  const x = Float64Array.from([-1.2, 1]);
  const gradient = new Float64Array(2);
  const good = (at: Float64Array) => ({ loss: objective.evaluate(at, gradient), gradient });
  lbfgs.step(x, good);
  const before = { x: Array.from(x), state: JSON.stringify(lbfgs.exportState()) };
  let calls = 0;
  const failing = (after: number, bad: (at: Float64Array) => { loss: number; gradient: ArrayLike<number> }) => (at: Float64Array) => (++calls > after ? bad(at) : good(at));
  const cases: [string, (at: Float64Array) => { loss: number; gradient: ArrayLike<number> }, RegExp][] = [
    ['throws', () => { throw new Error('objective failed'); }, /objective failed/],
    ['NaN loss', () => ({ loss: Number.NaN, gradient: [0, 0] }), /objective loss = NaN/],
    ['infinite gradient', () => ({ loss: 1, gradient: [0, Infinity] }), /objective gradient\[1\] = Infinity/],
  ];
  for (const [, bad, message] of cases) {
    calls = 0;
    expect(() => lbfgs.step(x, failing(3, bad))).toThrow(message);
    expect(Array.from(x)).toEqual(before.x);
    expect(JSON.stringify(lbfgs.exportState())).toBe(before.state);
  }
});
