import { createOptimizer, createReferenceOptimizer, DescentError, type OptimizerConfig } from '../src';
import { numbers, RULE_CASES, tensors } from './cases';

const SHAPES = [[3, 2], [4]];

test('sgd with lookahead on ½x², by hand: every 2nd step the slow weight moves halfway and the parameter jumps to it', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'sgd', learningRate: 0.1 }, lookahead: { k: 2, alpha: 0.5 } });
  const x = { name: 'x', values: new Float64Array([1]) };
  const seen: number[] = [];
  for (let s = 0; s < 4; s++) {
    optimizer.step([x], [new Float64Array([x.values[0]])]);
    seen.push(x.values[0]);
  }
  // 1 → 0.9 → 0.81, synced to 1 + ½·(0.81 − 1) = 0.905 → 0.8145 → 0.73305, synced to 0.905 + ½·(0.73305 − 0.905).
  [0.9, 0.905, 0.8145, 0.819025].forEach((expected, i) => expect(seen[i]).toBeCloseTo(expected, 14));
});

describe.each(RULE_CASES)('%s with lookahead', (_name, rule) => {
  test('equals the rule alone with the slow weights kept and synchronised by hand (reference engine)', () => {
    const k = 3;
    const alpha = 0.4;
    const wrapped = createReferenceOptimizer({ rule, lookahead: { k, alpha } } as OptimizerConfig);
    const plain = createReferenceOptimizer({ rule } as OptimizerConfig);
    const next = numbers(5);
    const a = tensors((n) => new Float64Array(n), SHAPES, numbers(9));
    const b = tensors((n) => new Float64Array(n), SHAPES, numbers(9));
    const slow = b.map((t) => Float64Array.from(t.values));
    for (let t = 1; t <= 10; t++) {
      const grads = SHAPES.map((shape) => Float64Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => next()));
      wrapped.step(a, grads);
      plain.step(b, grads.map((g) => Float64Array.from(g)));
      if (t % k === 0) {
        b.forEach((p, i) => {
          for (let j = 0; j < p.values.length; j++) {
            slow[i][j] += alpha * (p.values[j] - slow[i][j]);
            p.values[j] = slow[i][j];
          }
        });
      }
      a.forEach((p, i) => p.values.forEach((v, j) => expect(v).toBeCloseTo(b[i].values[j], 12)));
    }
  });
});

test('the fast engine follows the reference, and a resumed run is bit-identical', () => {
  const config: OptimizerConfig = { rule: { type: 'adamw', learningRate: 0.05, weightDecay: 0.1 }, lookahead: { k: 4, alpha: 0.6 } };
  const grads = Array.from({ length: 12 }, (_, s) => tensors((n) => new Float32Array(n), SHAPES, numbers(100 + s)).map((t) => t.values));
  const fast = tensors((n) => new Float32Array(n), SHAPES, numbers(9));
  const reference = tensors((n) => new Float64Array(n), SHAPES, numbers(9));
  const resumed = tensors((n) => new Float32Array(n), SHAPES, numbers(9));
  const a = createOptimizer(config);
  const r = createReferenceOptimizer(config);
  let b = createOptimizer(config);
  grads.forEach((step, s) => {
    a.step(fast, step);
    r.step(reference, step.map((g) => Float64Array.from(g)));
    if (s === 5) {
      const saved = JSON.parse(JSON.stringify(b.exportState()));
      b = createOptimizer(config);
      b.importState(saved);
    }
    b.step(resumed, step);
  });
  fast.forEach((t, i) => t.values.forEach((v, j) => expect(v).toBeCloseTo(reference[i].values[j], 5)));
  resumed.forEach((t, i) => expect(Array.from(t.values)).toEqual(Array.from(fast[i].values)));
  // A state saved without lookahead lacks the slow weights: rejected, naming the slot.
  const without = createOptimizer({ rule: config.rule });
  without.step(tensors((n) => new Float32Array(n), SHAPES, numbers(9)), grads[0]);
  expect(() => b.importState(without.exportState())).toThrow(/lookaheadSlow/);
});

test.each([
  [{ k: 0 }, 'lookahead.k'],
  [{ k: 2.5 }, 'lookahead.k'],
  [{ alpha: 0 }, 'lookahead.alpha'],
  [{ alpha: 1.5 }, 'lookahead.alpha'],
  [{ kk: 3 }, 'lookahead.kk'],
  ['fast', 'lookahead'],
])('a bad lookahead config %p is rejected, naming %s', (lookahead, argument) => {
  let error: unknown;
  try {
    createOptimizer({ rule: { type: 'sgd' }, lookahead: lookahead as never });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DescentError);
  expect((error as DescentError).argument).toBe(argument);
});
