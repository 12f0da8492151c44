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
