import { createOptimizer, createReferenceOptimizer, decodeArray, fastEngine, jsEngine, registerSimdMemory, simdCacheSizes, simdEngine, ruleTypes, SIMD_CACHE_LIMIT, type FirstOrderRuleConfig } from '../src';
import { BoundedCache } from '../src/wasm/bounded-cache';
import { numbers } from './cases';

test('WebAssembly SIMD is available in Node 20, and "auto" picks it', () => {
  expect(simdEngine()).not.toBeNull();
  expect(fastEngine('auto')).toBe(simdEngine());
  expect(fastEngine('js')).toBe(jsEngine);
  expect(() => fastEngine('gpu' as never)).toThrow(/kernels = "gpu"/);
});

describe.each(ruleTypes)('%s across chunk boundaries and odd tails', (type) => {
  test('SIMD kernels equal the reference on tensors of 1, 5 and 3·4096 + 3 elements', () => {
    const config = { rule: { type, learningRate: type === 'adadelta' ? 1 : 0.01 } as FirstOrderRuleConfig };
    const simd = createOptimizer(config, 'simd');
    const reference = createReferenceOptimizer(config);
    const sizes = [1, 5, 3 * 4096 + 3];
    const next = numbers(17);
    const start = sizes.map((n) => Array.from({ length: n }, () => Math.fround(next())));
    const p32 = start.map((v, i) => ({ name: `t${i}`, values: Float32Array.from(v) }));
    const p64 = start.map((v, i) => ({ name: `t${i}`, values: Float64Array.from(v) }));
    for (let s = 0; s < 4; s++) {
      const grads = sizes.map((n) => Array.from({ length: n }, () => Math.fround(next())));
      simd.step(p32, grads.map((g) => Float32Array.from(g)));
      reference.step(p64, grads.map((g) => Float64Array.from(g)));
    }
    p32.forEach((p, i) => p.values.forEach((v, j) => expect(Math.abs(v - p64[i].values[j])).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(p64[i].values[j]))));
  });
});

test('the non-finite test finds a NaN in any chunk and lane, and never reads stale lanes past a tail', () => {
  const engine = simdEngine()!;
  const hasNonFinite = (values: Float32Array) => engine.findNonFinite([values]) === 0;
  const long = new Float32Array(3 * 4096 + 7);
  expect(hasNonFinite(long)).toBe(false);
  for (const index of [0, 3, 4095, 4096, 8191, 8196, long.length - 1]) {
    long[index] = index % 2 ? Number.NaN : -Infinity;
    expect(hasNonFinite(long)).toBe(true);
    long[index] = 0;
  }
  // A chunk full of NaN leaves NaN in the kernels' memory; a short tensor after it must not see them.
  hasNonFinite(new Float32Array(4096).fill(Number.NaN));
  expect(hasNonFinite(new Float32Array(5).fill(1))).toBe(false);
  expect(hasNonFinite(new Float32Array([3.4e38, -3.4e38, 1e-45]))).toBe(false);
});

test('SIMD steps over the same arrays reuse their chunk views: steady-state steps are deterministic and stable', () => {
  const optimizer = createOptimizer({ rule: { type: 'adam', learningRate: 0.01 } }, 'simd');
  const twin = createOptimizer({ rule: { type: 'adam', learningRate: 0.01 } }, 'simd');
  const a = { name: 'w', values: new Float32Array(5000).fill(0.5) };
  const b = { name: 'w', values: new Float32Array(5000).fill(0.5) };
  const g = new Float32Array(5000).map((_, i) => Math.sin(i));
  for (let s = 0; s < 3; s++) {
    optimizer.step([a], [g]);
    twin.step([b], [g.slice()]);
  }
  expect(Array.from(a.values)).toEqual(Array.from(b.values));
});

test('SIMD kernels flush decaying state below float32\'s smallest normal to zero, and change nothing above it', () => {
  const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 0.01, momentum: 0.5 } }, 'simd');
  const p = { name: 'w', values: new Float32Array([1, 1, 1, 1]) };
  optimizer.step([p], [new Float32Array([2 ** -120, 2 ** -125, 1, 0])]);
  const slot = () => Array.from(decodeArray(optimizer.exportState().tensors.w.slots.momentumBuffer) as Float32Array);
  expect(slot()).toEqual([2 ** -120, 2 ** -125, 1, 0]);
  optimizer.step([p], [new Float32Array(4)]);
  // 0.5·2^-120 stays normal; 0.5·2^-125 = 2^-126 is the smallest normal (kept); one more halving flushes it.
  expect(slot()).toEqual([2 ** -121, 2 ** -126, 0.5, 0]);
  optimizer.step([p], [new Float32Array(4)]);
  expect(slot()).toEqual([2 ** -122, 0, 0.25, 0]);
});

describe('arrays in a registered foreign memory are updated in place', () => {
  const memory = new WebAssembly.Memory({ initial: 4 });
  let next = 1024;
  const allocate = (bytes: number) => {
    const at = next;
    next += bytes;
    return at;
  };
  expect(registerSimdMemory(memory, allocate)).toBe(true);
  expect(registerSimdMemory(memory, allocate)).toBe(true);
  const reserved = next;

  test.each(ruleTypes)('%s: same bits as through the engine\'s own memory, odd offsets and lengths', (type) => {
    const config = { rule: { type, learningRate: 0.01, ...(type === 'sgd' ? { momentum: 0.9 } : {}) } as FirstOrderRuleConfig };
    const inPlace = createOptimizer(config, 'simd');
    const copied = createOptimizer(config, 'simd');
    const length = 4096 + 7;
    const next = numbers(23);
    const start = Array.from({ length }, () => Math.fround(next()));
    // Parameters at a byte offset that is a multiple of 4 but not of 16, after the reserved block.
    const pView = new Float32Array(memory.buffer, reserved + 4, length);
    const gView = new Float32Array(memory.buffer, reserved + 4 + 4 * length + 8, length);
    pView.set(start);
    const pJs = Float32Array.from(start);
    const guard = new Float32Array(memory.buffer, reserved + 4 + 4 * length, 2);
    guard.set([123, 456]);
    for (let s = 0; s < 3; s++) {
      const grads = Float32Array.from({ length }, () => Math.fround(next()));
      gView.set(grads);
      inPlace.step([{ name: 'w', values: pView }], [gView]);
      copied.step([{ name: 'w', values: pJs }], [grads]);
    }
    expect(Array.from(pView)).toEqual(Array.from(pJs));
    expect(Array.from(guard)).toEqual([123, 456]);
  });

  test('the non-finite test works in place, and after the memory grows', () => {
    const engine = simdEngine()!;
    const hasNonFinite = (values: Float32Array) => engine.findNonFinite([values]) === 0;
    const view = new Float32Array(memory.buffer, reserved + 4, 4096 + 3);
    view.fill(1);
    expect(hasNonFinite(view)).toBe(false);
    view[4096 + 2] = Number.NaN;
    expect(hasNonFinite(view)).toBe(true);
    memory.grow(1);
    const grown = new Float32Array(memory.buffer, reserved + 4, 4096 + 3);
    expect(hasNonFinite(grown)).toBe(true);
    grown[4096 + 2] = 0;
    expect(hasNonFinite(grown)).toBe(false);
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1 } }, 'simd');
    optimizer.step([{ name: 'w', values: grown }], [new Float32Array(grown.length).fill(0.5)]);
    expect(grown[0]).toBe(0.5);
    expect(grown[4096 + 1]).toBe(0.5);
  });
});

test('the caches of views stay bounded over 2,000 distinct tensor lengths, and steps stay exact after they start over', () => {
  const simd = createOptimizer({ rule: { type: 'sgd', learningRate: 0.5 } }, 'simd');
  for (let length = 1; length <= 2000; length++) {
    const p = new Float32Array(length).fill(1);
    simd.step([{ name: 'p', values: p }], [new Float32Array(length).fill(2)]);
    expect(p[0]).toBe(0);
    expect(p[length - 1]).toBe(0);
    simd.forget(['p']);
  }
  const { segments, regionViews } = simdCacheSizes();
  expect(segments).toBeGreaterThan(0);
  expect(segments).toBeLessThanOrEqual(SIMD_CACHE_LIMIT);
  for (const size of regionViews) expect(size).toBeLessThanOrEqual(SIMD_CACHE_LIMIT);
  expect(SIMD_CACHE_LIMIT).toBeLessThan(2000);
});

test('BoundedCache makes a value once per key, and forgets all of them once the limit is reached', () => {
  const made: number[] = [];
  const cache = new BoundedCache(3, (key) => {
    made.push(key);
    return [key];
  });
  const first = cache.get(1);
  expect(cache.get(1)).toBe(first);
  cache.get(2);
  cache.get(3);
  expect(cache.size).toBe(3);
  cache.get(4);
  expect(cache.size).toBe(1);
  expect(cache.get(1)).not.toBe(first);
  expect(made).toEqual([1, 2, 3, 4, 1]);
});
