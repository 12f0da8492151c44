import { composeAxes, gatherAxis, linearAxis, nearestAxis, padAxis, reversedAxis, windowAxis, type AxisMap } from '@descent/core';

const taps = (m: AxisMap) => Array.from({ length: m.length }, (_, o) => [m.i0[o], m.i1[o], m.w0[o], m.w1[o]]);
const sources = (m: AxisMap) => Array.from({ length: m.length }, (_, o) => (m.w0[o] === 0 ? null : m.i0[o]));

/** Samples a 1-D signal through a map (missing positions read `fill`). */
const sample = (m: AxisMap, signal: number[], fill = 0) =>
  Array.from({ length: m.length }, (_, o) => m.w0[o] * signal[m.i0[o]] + m.w1[o] * signal[m.i1[o]] + fill * (1 - m.w0[o] - m.w1[o]));

describe('axis maps', () => {
  test('bilinear with half-pixel centres, downscaling by 2 averages pairs', () => {
    expect(taps(linearAxis(2, 4))).toEqual([[0, 1, 0.5, 0.5], [2, 3, 0.5, 0.5]]);
  });

  test('bilinear upscaling clamps the first position and repeats the last', () => {
    expect(taps(linearAxis(4, 2))).toEqual([[0, 1, 1, 0], [0, 1, 0.75, 0.25], [0, 1, 0.25, 0.75], [1, 1, 0.75, 0.25]]);
    expect(linearAxis(4, 2).linear).toBe(true);
    expect(linearAxis(5, 5).linear).toBe(false);
  });

  test('nearest follows torch in float32: 14 → 20 reads index 7 at output 10', () => {
    // In float64, 10 · fround(0.7) = 6.99999988; torch rounds the product to float32 (7.0).
    expect(nearestAxis(20, 14).i0[10]).toBe(7);
    expect(sources(nearestAxis(4, 2))).toEqual([0, 0, 1, 1]);
    expect(sources(nearestAxis(3, 7))).toEqual([0, 2, 4]);
  });

  test('pad modes', () => {
    expect(sources(padAxis(3, 2, 2, 'constant'))).toEqual([null, null, 0, 1, 2, null, null]);
    expect(sources(padAxis(3, 2, 2, 'edge'))).toEqual([0, 0, 0, 1, 2, 2, 2]);
    expect(sources(padAxis(3, 2, 2, 'reflect'))).toEqual([2, 1, 0, 1, 2, 1, 0]);
    expect(sources(padAxis(3, 3, 3, 'symmetric'))).toEqual([2, 1, 0, 0, 1, 2, 2, 1, 0]);
    expect(padAxis(3, 2, 2, 'constant').missing).toBe(true);
    expect(padAxis(3, 2, 2, 'edge').missing).toBe(false);
  });

  test('windows and flips', () => {
    expect(sources(windowAxis(4, -1, 3))).toEqual([null, 0, 1, 2]);
    expect(sources(reversedAxis(3))).toEqual([2, 1, 0]);
    expect(gatherAxis(2, 2, (o) => o + 5).missing).toBe(true);
  });

  test('composition equals sampling twice', () => {
    const signal = [0.3, 0.9, 0.1, 0.5, 0.7, 0.2, 0.8];
    const cases: [AxisMap, AxisMap][] = [
      [windowAxis(5, -1, 7), linearAxis(9, 5)],
      [reversedAxis(7), linearAxis(3, 7)],
      [linearAxis(11, 7), reversedAxis(11)],
      [linearAxis(11, 7), windowAxis(6, 8, 11)],
      [padAxis(7, 2, 1, 'reflect'), nearestAxis(4, 10)],
    ];
    for (const [first, then] of cases) {
      const composed = composeAxes(first, then)!;
      const twice = sample(then, sample(first, signal));
      sample(composed, signal).forEach((v, i) => expect(v).toBeCloseTo(twice[i], 12));
    }
  });

  test('two blending maps do not compose', () => {
    expect(composeAxes(linearAxis(5, 3), linearAxis(4, 5))).toBeNull();
  });
});
