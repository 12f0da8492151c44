import { createOptimizer, createReferenceOptimizer, decodeArray, DescentError, globalNormScale, hasNonFiniteElement, scaledGlobalNormScale, type OptimizerConfig } from '@descent/core';

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

describe('skipNonFinite guardResult: a step that would leave a parameter or slot NaN or ±Inf is put back and skipped', () => {
  type Kernels = 'js' | 'simd';
  /** Configs whose second step overflows float32 from finite gradients, with the gradients of two steps. */
  const overflowing: [string, OptimizerConfig, number[][]][] = [
    ['l2 strength 1e38', { rule: { type: 'sgd', learningRate: 1, momentum: 0.5 }, transforms: [{ type: 'l2', strength: 1e38 }] }, [[0, 0], [0.1, 0.1]]],
    ['adamw lr 1e30', { rule: { type: 'adamw', learningRate: 1e30, weightDecay: 0.01 } }, [[0.1, 0.1], [0.1, 0.1]]],
    ['adam, a gradient of 1e22 (v past float32)', { rule: { type: 'adam', learningRate: 0.1 } }, [[0.1, 0.1], [1e22, 0.1]]],
  ];
  const guarded = (config: OptimizerConfig, extra: object = {}): OptimizerConfig => ({
    ...config,
    transforms: [{ type: 'skipNonFinite', guardResult: true, ...extra }, ...(config.transforms ?? [])],
  });
  const p0 = () => Float32Array.from([1e-30, -3]);

  test.each(overflowing)('without guardResult the step is applied, as in torch, leaving ±Inf or NaN (%s)', (_name, config, grads) => {
    const optimizer = createOptimizer({ ...config, transforms: [{ type: 'skipNonFinite' }, ...(config.transforms ?? [])] }, 'js');
    const p = p0();
    const slots = () => Object.values(optimizer.exportState().tensors.w.slots).flatMap((encoded) => Array.from(decodeArray(encoded)));
    expect(optimizer.step([{ name: 'w', values: p }], [Float32Array.from(grads[0])])).toBe('updated');
    expect([...p, ...slots()].every(Number.isFinite)).toBe(true);
    expect(optimizer.step([{ name: 'w', values: p }], [Float32Array.from(grads[1])])).toBe('updated');
    expect([...p, ...slots()].every(Number.isFinite)).toBe(false);
  });

  describe.each<Kernels>(['js', 'simd'])('%s kernels', (kernels) => {
    test.each(overflowing)('%s: skipped, parameters and state bit-identical, the next finite step as if it never happened', (_name, config, grads) => {
      const optimizer = createOptimizer(guarded(config), kernels);
      const p = p0();
      expect(optimizer.step([{ name: 'w', values: p }], [Float32Array.from(grads[0])])).toBe('updated');
      const values = Array.from(p);
      const state = optimizer.exportState();
      expect(optimizer.step([{ name: 'w', values: p }], [Float32Array.from(grads[1])])).toBe('skipped');
      expect(Array.from(p)).toEqual(values);
      expect(optimizer.skippedSteps).toBe(1);
      expect(optimizer.stepsTaken).toBe(1);
      const after = optimizer.exportState();
      expect(after.tensors).toEqual(state.tensors);
      expect(after.schedule).toEqual(state.schedule);
      // A finite step now equals one from the state before the skipped step.
      const twin = createOptimizer(guarded(config), kernels);
      twin.importState(state);
      const q = Float32Array.from(values);
      const small = [0.01, -0.02];
      twin.step([{ name: 'w', values: q }], [Float32Array.from(small)]);
      const outcome = optimizer.step([{ name: 'w', values: p }], [Float32Array.from(small)]);
      expect(outcome === 'skipped' ? Array.from(q) : Array.from(p)).toEqual(Array.from(q));
    });
  });

  test('the reference engine (float64) guards its results too: lr 1e300', () => {
    const optimizer = createReferenceOptimizer(guarded({ rule: { type: 'sgd', learningRate: 1e300 } }));
    const p = Float64Array.from([1, 2]);
    expect(optimizer.step([{ values: p }], [Float64Array.from([1e10, 1])])).toBe('skipped');
    expect(Array.from(p)).toEqual([1, 2]);
    expect(optimizer.step([{ values: p }], [Float64Array.from([1e-300, 1e-300])])).toBe('updated');
    expect(Array.from(p)).toEqual([0, 1]);
  });

  test('maxConsecutive counts result-skipped steps and gives up with a DescentError, changing nothing', () => {
    const optimizer = createOptimizer(guarded({ rule: { type: 'adamw', learningRate: 1e30, weightDecay: 0.01 } }, { maxConsecutive: 2 }), 'js');
    const p = Float32Array.from([1, -3]);
    const step = () => optimizer.step([{ name: 'w', values: p }], [Float32Array.from([0.1, 0.1])]);
    expect(step()).toBe('updated');
    expect(step()).toBe('skipped');
    expect(step()).toBe('skipped');
    const values = Array.from(p);
    const state = optimizer.exportState();
    expect(step).toThrow(DescentError);
    expect(step).toThrow(/the result of the step for "w" = "NaN or ±Inf" is invalid: expected finite values \(skipNonFinite gave up/);
    expect(Array.from(p)).toEqual(values);
    expect(optimizer.exportState()).toEqual(state);
  });

  test('a finite run with guardResult is bit-identical to one without', () => {
    const config: OptimizerConfig = { rule: { type: 'adam', learningRate: 0.01, amsgrad: true }, average: { type: 'ema', decay: 0.9 }, transforms: [{ type: 'skipNonFinite' }] };
    const plain = createOptimizer(config, 'simd');
    const withGuard = createOptimizer(guarded({ ...config, transforms: [] }), 'simd');
    const a = Float32Array.from([0.5, -1, 2, 3, 4]);
    const b = Float32Array.from(a);
    for (let s = 0; s < 20; s++) {
      const g = Float32Array.from(a, (_, i) => Math.sin(s * 5 + i));
      plain.step([{ name: 'w', values: a }], [g]);
      withGuard.step([{ name: 'w', values: b }], [Float32Array.from(g)]);
    }
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(withGuard.averageOf('w') as Float32Array)).toEqual(Array.from(plain.averageOf('w') as Float32Array));
  });
});

describe('hasNonFiniteElement', () => {
  test('finds NaN, Infinity and -Infinity at every position of short and odd lengths, and nothing in finite extremes', () => {
    for (const Type of [Float32Array, Float64Array]) {
      for (let length = 1; length <= 9; length++) {
        const finite = Type.from({ length }, (_, i) => [-0, 3.4e38, -3.4e38, 1e-45, 0.5][i % 5]);
        expect(hasNonFiniteElement(finite)).toBe(false);
        for (let at = 0; at < length; at++) {
          for (const bad of [NaN, Infinity, -Infinity]) {
            const values = Type.from(finite);
            values[at] = bad;
            expect(hasNonFiniteElement(values)).toBe(true);
          }
        }
      }
    }
    expect(hasNonFiniteElement(new Float32Array(0))).toBe(false);
  });
});
