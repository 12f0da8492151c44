import {
  checkOverrides,
  createAverager,
  createOptimizer,
  createTransform,
  DescentError,
  globalNormScale,
  jsEngine,
  optionsFor,
  resolveGroups,
  resolveRule,
} from '@descent/core';

/** The exports a backend doing its own element-wise work (tfjs ops) relies on. */
describe('averager coefficients', () => {
  test.each([
    [{ type: 'ema', decay: 0.9 }],
    [{ type: 'ema' }],
    [{ type: 'polyak' }],
  ])('%j: keep·a + take·p is the mode\'s average at every count', (config) => {
    const averager = createAverager(config);
    const decay = config.type === 'ema' ? ((config as { decay?: number }).decay ?? 0.999) : 0;
    for (const count of [1, 2, 7, 100]) {
      const { keep, take } = averager.coefficients(count);
      // ema: decay·a + (1 − decay)·p; polyak: a + (p − a)/(count + 1)
      if (config.type === 'ema') expect([keep, take]).toEqual([decay, 1 - decay]);
      else expect(keep * 2 + take * 5).toBeCloseTo(2 + (5 - 2) / (count + 1), 14);
      expect(keep + take).toBeCloseTo(1, 15);
    }
  });

  test('count 0 is a copy for both modes', () => {
    expect(createAverager({ type: 'ema', decay: 0.5 }).coefficients(0)).toEqual({ keep: 0, take: 1 });
    expect(createAverager({ type: 'polyak' }).coefficients(0)).toEqual({ keep: 0, take: 1 });
    expect(createAverager({ type: 'polyak' }).coefficients(3)).toEqual({ keep: 0.75, take: 0.25 });
  });
});

describe('globalNormScale', () => {
  test('is exactly 1 unless maxNorm/(norm + 1e-6) is below 1', () => {
    expect(globalNormScale(0.5, 1)).toBe(1);
    expect(globalNormScale(0, 0)).toBe(0);
    expect(globalNormScale(4, 2)).toBeCloseTo(2 / (4 + 1e-6), 15);
  });

  test('is what the clipByGlobalNorm transform multiplies by', () => {
    const grads = [Float32Array.from([3, 4]), Float32Array.from([12])];
    const scale = globalNormScale(13, 6.5);
    const expected = grads.map((g) => Array.from(g, (v) => Math.fround(v * scale)));
    const views = grads.map((grad, i) => ({ name: String(i), param: new Float32Array(grad.length), grad, regularize: true }));
    createTransform({ type: 'clipByGlobalNorm', maxNorm: 6.5 }).apply(views, jsEngine);
    expect(views.map((v) => Array.from(v.grad))).toEqual(expected);
  });
});

describe('group resolution exports', () => {
  const rule = resolveRule({ type: 'adamw', learningRate: 0.01 });

  test('optionsFor applies the first matching group', () => {
    const groups = resolveGroups([{ pattern: 'bias$', weightDecay: 0, learningRateMultiplier: 2 }, { names: ['w'], regularize: false }], rule);
    const bias = optionsFor('dense/bias', rule, groups);
    expect(bias.hyperparameters.weightDecay).toBe(0);
    expect(bias.learningRateMultiplier).toBe(2);
    expect(optionsFor('w', rule, groups).regularize).toBe(false);
    expect(optionsFor('dense/kernel', rule, groups).hyperparameters.weightDecay).toBe(0.01);
  });

  test('checkOverrides validates through the rule and names the field', () => {
    expect(checkOverrides('adamw', rule, { learningRate: 0.5 }).learningRate).toBe(0.5);
    expect(() => checkOverrides('adamw', rule, { beta1: 1 })).toThrow(DescentError);
    expect(() => checkOverrides('adamw', rule, { beta1: 1 })).toThrow(/adamw\.beta1/);
  });

  test('the exported functions agree with the optimizer itself', () => {
    const config = { rule: { type: 'sgd' as const, learningRate: 0.1 }, groups: [{ pattern: '^b', learningRateMultiplier: 0.5 }] };
    const optimizer = createOptimizer(config);
    const a = { name: 'a', values: Float32Array.from([1]) };
    const b = { name: 'b', values: Float32Array.from([1]) };
    optimizer.step([a, b], [Float32Array.from([1]), Float32Array.from([1])]);
    const multiplier = optionsFor('b', resolveRule(config.rule), resolveGroups(config.groups, resolveRule(config.rule))).learningRateMultiplier;
    expect(1 - b.values[0]).toBeCloseTo(multiplier * (1 - a.values[0]), 6);
  });
});
