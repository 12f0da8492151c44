import { DescentError, Random, sampleBeta, sampleGamma } from '@descent/core';

const moments = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length };
};

describe('gamma and beta sampling (mixUp, cutMix)', () => {
  test.each([0.3, 1, 2.5])('Gamma(%f) has mean and variance equal to its shape', (shape) => {
    const random = new Random(17);
    const { mean, variance } = moments(Array.from({ length: 20000 }, () => sampleGamma(random, shape)));
    expect(Math.abs(mean - shape)).toBeLessThan(0.05 * Math.max(shape, 1));
    expect(Math.abs(variance - shape)).toBeLessThan(0.1 * Math.max(shape, 1));
  });

  test('Beta(a, b) has mean a/(a+b) and variance ab/((a+b)²(a+b+1)), within [0, 1]', () => {
    const random = new Random(3);
    const xs = Array.from({ length: 20000 }, () => sampleBeta(random, 0.4, 1.6));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    const { mean, variance } = moments(xs);
    expect(mean).toBeCloseTo(0.2, 2);
    expect(variance).toBeCloseTo((0.4 * 1.6) / (4 * 3), 2);
  });

  test('a seed fixes the draws; a bad shape is named', () => {
    expect(sampleBeta(new Random(5), 1, 1)).toBe(sampleBeta(new Random(5), 1, 1));
    expect(() => sampleGamma(new Random(1), 0)).toThrow(DescentError);
  });
});
