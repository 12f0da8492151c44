import { createOptimizer, createReferenceOptimizer, globalNormScale, scaledGlobalNormScale } from '@descent/core';

describe('clipByGlobalNorm does not overflow in float64', () => {
  test('reference engine: gradients of 1e200 and 1.5e308 are clipped to maxNorm, not zeroed', () => {
    const optimizer = createReferenceOptimizer({ rule: { type: 'sgd', learningRate: 1 }, transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }] });
    const p = Float64Array.from([0, 0]);
    optimizer.step([{ values: p }], [Float64Array.from([3e200, 4e200])]);
    expect(p[0]).toBeCloseTo(-0.6, 12);
    expect(p[1]).toBeCloseTo(-0.8, 12);
    const q = Float64Array.from([0, 0, 0]);
    optimizer.step([{ name: 'q', values: q }], [Float64Array.from([1.5e308, -1.5e308, 1e-300])]);
    expect(q[0]).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(q[1]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  test('float32 engines: the largest float32 gradients are clipped exactly', () => {
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1 }, transforms: [{ type: 'clipByGlobalNorm', maxNorm: 2 }] });
    const p = new Float32Array(2);
    optimizer.step([{ values: p }], [Float32Array.from([3.4e38, 3.4e38])]);
    expect(p[0]).toBeCloseTo(-Math.SQRT2, 6);
    expect(p[1]).toBeCloseTo(-Math.SQRT2, 6);
  });

  test('scaledGlobalNormScale agrees with globalNormScale where the norm is representable, and past it', () => {
    for (const [maxAbs, root, maxNorm] of [[3, 2, 1], [1e-3, 1.5, 10], [0, 0, 0], [0, 0, 1], [5, 1, 4]]) {
      expect(scaledGlobalNormScale(maxAbs, root, maxNorm)).toBeCloseTo(globalNormScale(maxAbs * root, maxNorm), 14);
    }
    // norm = 1e308·10 overflows float64; the factor 1/(1e309) does not.
    expect(scaledGlobalNormScale(1e308, 10, 1) / 1e-309).toBeCloseTo(1, 10);
    expect(globalNormScale(1e308 * 10, 1)).toBe(0);
  });
});
