import { DescentError, resolveSam, SharpnessAware } from '../src';

test('ascend moves to w + rho·g/‖g‖ over every tensor; descend puts w back bit for bit', () => {
  const sam = new SharpnessAware(resolveSam({ rho: 0.5 }));
  const w = [new Float32Array([1, -2]), new Float64Array([0.25])];
  const before = w.map((p) => Array.from(p));
  const g = [new Float32Array([3, 0]), new Float64Array([-4])];
  sam.ascend(w, g);
  // ‖g‖ = 5: ε = 0.1·g (the 1e-12 beside the norm is below these digits).
  expect(Array.from(w[0])).toEqual([Math.fround(1 + 0.3), -2]);
  expect(w[1][0]).toBeCloseTo(0.25 - 0.4, 12);
  sam.descend(w);
  expect(w.map((p) => Array.from(p))).toEqual(before);
});

test('gradients whose squares overflow float64 (1e200) still give the direction rho·g/‖g‖, not 0 or NaN', () => {
  const sam = new SharpnessAware(resolveSam({ rho: 0.5 }));
  const w = [new Float64Array([1, 2])];
  sam.ascend(w, [new Float64Array([3e200, -4e200])]);
  // ‖g‖ = unit·root with unit 4e200: g/unit = [0.75, −1], root = 1.25, factor = 0.5/1.25 (1e-12/unit vanishes).
  expect(Array.from(w[0])).toEqual([1 + 0.4 * 0.75, 2 - 0.4]);
  sam.descend(w);
  expect(Array.from(w[0])).toEqual([1, 2]);
});

test('float32 gradients of 1e20 are summed in float64, so their norm needs no scaling', () => {
  const sam = new SharpnessAware(resolveSam({ rho: 0.5 }));
  const w = [new Float64Array([1, 2])];
  const g = new Float32Array([3 * 2 ** 66, 4 * 2 ** 66]);
  sam.ascend(w, [g]);
  const factor = 0.5 / (5 * 2 ** 66 + 1e-12);
  expect(Array.from(w[0])).toEqual([1 + factor * g[0], 2 + factor * g[1]]);
  expect(w[0][0]).toBeCloseTo(1.3, 15);
  expect(w[0][1]).toBeCloseTo(2.4, 15);
});

test('an infinite gradient makes the norm infinite and the factor 0, as the reference: only its own entry turns NaN', () => {
  const sam = new SharpnessAware(resolveSam({ rho: 0.5 }));
  const w = [new Float64Array([1, 2]), new Float32Array([3])];
  sam.ascend(w, [new Float64Array([Infinity, 1]), new Float32Array([-2])]);
  expect(Array.from(w[0])).toEqual([NaN, 2]);
  expect(Array.from(w[1])).toEqual([3]);
  sam.descend(w);
  expect(Array.from(w[0])).toEqual([1, 2]);
});

test('rho defaults to 0.05 (the authors\'); a bad config is named', () => {
  expect(resolveSam({}).rho).toBe(0.05);
  for (const [config, argument] of [[{ rho: 0 }, 'sam.rho'], [{ rho: -1 }, 'sam.rho'], [{ radius: 1 }, 'sam.radius'], [3, 'sam']] as const) {
    let error: unknown;
    try {
      resolveSam(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DescentError);
    expect((error as DescentError).argument).toBe(argument);
  }
});
