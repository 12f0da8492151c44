import { createOptimizer, createReferenceOptimizer } from '../src';

/** One sgd step with lr 1 from zero parameters: the parameters become −(transformed gradient). */
function transformed(transforms: object[], grads: number[][], params?: number[][]): number[][] {
  const optimizer = createReferenceOptimizer({ rule: { type: 'sgd', learningRate: 1 }, transforms: transforms as never });
  const values = grads.map((g, i) => ({ name: `t${i}`, values: Float64Array.from(params?.[i] ?? g.map(() => 0)) }));
  const before = values.map((v) => Array.from(v.values));
  optimizer.step(values, grads.map((g) => Float64Array.from(g)));
  return values.map((v, i) => Array.from(v.values, (x, j) => before[i][j] - x));
}

test('clipByValue clamps each element', () => {
  expect(transformed([{ type: 'clipByValue', clipValue: 0.5 }], [[-2, 0.1, 3]])).toEqual([[-0.5, 0.1, 0.5]]);
});

test('clipByGlobalNorm scales all tensors together, by maxNorm/(norm + 1e-6), only when that is below 1', () => {
  const grads = [[3, 0], [0, 4]];
  const clipped = transformed([{ type: 'clipByGlobalNorm', maxNorm: 1 }], grads);
  const scale = 1 / (5 + 1e-6);
  expect(clipped[0][0]).toBeCloseTo(3 * scale, 15);
  expect(clipped[1][1]).toBeCloseTo(4 * scale, 15);
  expect(Math.hypot(...clipped.flat())).toBeCloseTo(1, 6);
  expect(transformed([{ type: 'clipByGlobalNorm', maxNorm: 10 }], grads)).toEqual(grads);
});

test('l1 adds strength·sign(p), l2 adds strength·p', () => {
  const l1 = transformed([{ type: 'l1', strength: 0.1 }], [[1, 1, 1]], [[2, -3, 0]])[0];
  [1.1, 0.9, 1].forEach((v, i) => expect(l1[i]).toBeCloseTo(v, 14));
  const l2 = transformed([{ type: 'l2', strength: 0.1 }], [[1, 1]], [[2, -3]])[0];
  [1.2, 0.7].forEach((v, i) => expect(l2[i]).toBeCloseTo(v, 14));
});

test('transforms apply in order: clip then l2 differs from l2 then clip', () => {
  const clipFirst = transformed([{ type: 'clipByValue', clipValue: 1 }, { type: 'l2', strength: 1 }], [[5]], [[2]]);
  const l2First = transformed([{ type: 'l2', strength: 1 }, { type: 'clipByValue', clipValue: 1 }], [[5]], [[2]]);
  expect(clipFirst).toEqual([[3]]);
  expect(l2First).toEqual([[1]]);
});

test('groups can exclude tensors from l1/l2 and override weight decay', () => {
  const optimizer = createReferenceOptimizer({
    rule: { type: 'sgd', learningRate: 1, weightDecay: 0.5 },
    transforms: [{ type: 'l2', strength: 0.1 }],
    groups: [{ pattern: '/bias$', regularize: false, weightDecay: 0 }],
  });
  const kernel = { name: 'dense/kernel', values: Float64Array.from([2]) };
  const bias = { name: 'dense/bias', values: Float64Array.from([2]) };
  optimizer.step([kernel, bias], [Float64Array.from([0]), Float64Array.from([0])]);
  expect(kernel.values[0]).toBeCloseTo(2 - (0.1 * 2 + 0.5 * 2), 15);
  expect(bias.values[0]).toBe(2);
});

test('accumulate updates every steps-th call with the mean gradient; the schedule counts updates only', () => {
  const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1 }, transforms: [{ type: 'accumulate', steps: 3 }], schedule: { type: 'step', stepSize: 1, gamma: 0.5 } });
  const p = { name: 'w', values: new Float32Array([0]) };
  const outcomes = [1, 2, 6, 3, 3, 3].map((g) => optimizer.step([p], [new Float32Array([g])]));
  expect(outcomes).toEqual(['accumulated', 'accumulated', 'updated', 'accumulated', 'accumulated', 'updated']);
  expect(p.values[0]).toBeCloseTo(-3 - 0.5 * 3, 6);
  expect(optimizer.stepsTaken).toBe(2);
});

test('averaging: ema and polyak, the first update copying the parameters', () => {
  const run = (average: object) => {
    const optimizer = createReferenceOptimizer({ rule: { type: 'sgd', learningRate: 1 }, average: average as never });
    const p = { name: 'w', values: Float64Array.from([0]) };
    const seen: number[] = [];
    for (const g of [-1, -2, -3]) {
      optimizer.step([p], [Float64Array.from([g])]);
      seen.push((optimizer.averageOf('w') as Float64Array)[0]);
    }
    return seen;
  };
  // parameters after each step: 1, 3, 6
  const polyak = run({ type: 'polyak' });
  [1, 2, 10 / 3].forEach((v, i) => expect(polyak[i]).toBeCloseTo(v, 14));
  const ema = run({ type: 'ema', decay: 0.5 });
  expect(ema[0]).toBe(1);
  expect(ema[1]).toBeCloseTo(2, 15);
  expect(ema[2]).toBeCloseTo(4, 15);
});

test('tensors can join later, with their own step count (bias correction starts at 1), and be forgotten', () => {
  const optimizer = createOptimizer({ rule: { type: 'adam', learningRate: 0.1 } });
  const a = { name: 'a', values: new Float32Array([1]) };
  const b = { name: 'b', values: new Float32Array([1]) };
  for (let s = 0; s < 5; s++) optimizer.step([a], [new Float32Array([1])]);
  optimizer.step([a, b], [new Float32Array([1]), new Float32Array([1])]);
  expect(b.values[0]).toBeCloseTo(0.9, 6);
  expect(optimizer.exportState().tensors.b.t).toBe(1);
  expect(optimizer.exportState().tensors.a.t).toBe(6);
  optimizer.forget(['a']);
  expect(optimizer.tensorNames).toEqual(['b']);
});

test('turning momentum on between steps allocates its buffer; learningRate changes are honoured', () => {
  const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1 } });
  const p = { name: 'w', values: new Float32Array([0]) };
  optimizer.step([p], [new Float32Array([1])]);
  optimizer.setHyperparameters({ learningRate: 0.5, momentum: 0.9 });
  optimizer.step([p], [new Float32Array([1])]);
  optimizer.step([p], [new Float32Array([1])]);
  expect(p.values[0]).toBeCloseTo(-1 - 0.5 * 1 - 0.5 * 1.9, 6);
});

test('accumulate starts every sum again after an update, also for a tensor missing from that call; forget drops sums', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'sgd', learningRate: 1 }, transforms: [{ type: 'accumulate', steps: 2 }] });
  const a = { name: 'a', values: Float64Array.from([0]) };
  const b = { name: 'b', values: Float64Array.from([0]) };
  optimizer.step([a, b], [Float64Array.from([2]), Float64Array.from([100])]);
  optimizer.step([a], [Float64Array.from([4])]); // completes the window: b's partial 100 is dropped
  expect(a.values[0]).toBe(-3);
  optimizer.step([a, b], [Float64Array.from([0]), Float64Array.from([0])]);
  optimizer.step([a, b], [Float64Array.from([0]), Float64Array.from([0])]);
  expect(b.values[0]).toBe(0);
  optimizer.step([a], [Float64Array.from([10])]);
  optimizer.forget(['a']);
  optimizer.step([a], [Float64Array.from([0])]);
  expect(a.values[0]).toBe(-3);
  expect(() => optimizer.importState({ ...optimizer.exportState(), transforms: [{ calls: 2, sums: {} }] })).toThrow(/state\.calls = 2 is invalid: expected an integer in \[0, 1\]/);
});

test('momentum switched on later starts its buffer at the gradient, as torch does (dampening applies only after)', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'sgd', learningRate: 1 } });
  const p = { name: 'w', values: Float64Array.from([0]) };
  optimizer.step([p], [Float64Array.from([1])]);
  optimizer.setHyperparameters({ momentum: 0.5, dampening: 0.5 });
  optimizer.step([p], [Float64Array.from([2])]); // buffer = 2, not 0.5·0 + 0.5·2
  expect(p.values[0]).toBe(-3);
  optimizer.step([p], [Float64Array.from([2])]); // buffer = 0.5·2 + 0.5·2 = 2
  expect(p.values[0]).toBe(-5);
});
