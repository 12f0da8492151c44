import {
  buildProgram,
  coefficientValues,
  createOptimizer,
  decodeArray,
  defineRule,
  fieldsOf,
  jsEngine,
  resolveRule,
  rules,
  scalarInputCount,
  select,
  simdEngine,
  type AnyRuleDefinition,
  type FirstOrderRuleConfig,
  type RuleProgram,
} from '@descent/core';
import { jsKernel, jsReductionKernel } from '../src/kernels/js-kernel';
import { printSimdModule, printUtilityModule, simdModule } from '../src/kernels/simd-kernel';
import { instantiateKernels, simdKernels, type SimdKernels } from '../src/wasm/kernels';
import { numbers } from './cases';
import { withoutNewFunction } from './forbidden-function';

/** Hyperparameter variants; each applies to the rules that have all of its fields. */
const VARIANTS: Record<string, unknown>[] = [
  {},
  { amsgrad: true },
  { biasCorrection: false },
  { amsgrad: true, biasCorrection: false, weightDecay: 0.1 },
  { centered: true },
  { momentum: 0.9 },
  { momentum: 0.9, nesterov: true },
  { momentum: 0.8, dampening: 0.3 },
  { centered: true, momentum: 0.5 },
  { centered: true, momentum: 0.5, weightDecay: 0.01 },
  { momentum: 0.9, nesterov: true, weightDecay: 0.01 },
  { weightDecay: 0.01 },
  { lrDecay: 0.01, initialAccumulatorValue: 0.1 },
  { momentumDecay: 0.01 },
];

/** Every registered rule with every variant that applies to it: [name, config]. */
const CASES: [string, FirstOrderRuleConfig][] = Object.values(rules).flatMap((rule: AnyRuleDefinition) =>
  VARIANTS.filter((variant) => Object.keys(variant).every((field) => field in fieldsOf(rule))).map((variant): [string, FirstOrderRuleConfig] => [
    `${rule.type} ${JSON.stringify(variant)}`,
    { type: rule.type, learningRate: rule.type === 'adadelta' ? 1 : 0.01, ...variant } as FirstOrderRuleConfig,
  ]),
);

function programOf(config: FirstOrderRuleConfig): { rule: AnyRuleDefinition; h: Record<string, unknown>; program: RuleProgram } {
  const { definition, hyperparameters } = resolveRule(config);
  return { rule: definition, h: hyperparameters, program: buildProgram(definition, hyperparameters) };
}

/**
 * Float32 agreement of a float32 kernel with the JavaScript one (which computes in float64
 * and rounds once): within `relative` of each element, or `absolute` times the array's largest
 * magnitude (a few float32 ulps of the operands, where terms cancel); NaN and ±Inf exactly.
 */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative = 1e-5, absolute = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) if (Number.isFinite(expected[i])) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!Number.isFinite(e)) {
      if (!Object.is(a, e)) throw new Error(`element ${i}: ${a}, expected ${e}`);
    } else if (!(Math.abs(a - e) <= absolute * scale + relative * Math.abs(e))) {
      throw new Error(`element ${i}: ${a}, expected ${e} (off by ${Math.abs(a - e)}; largest magnitude ${scale})`);
    }
  }
}

/** Float32Arrays laid out in a memory of their own, 16-byte aligned, for direct kernel calls. */
class Arena {
  readonly memory = new WebAssembly.Memory({ initial: 16 });
  readonly kernels: SimdKernels = instantiateKernels(this.memory)!;
  private next = 64;

  /** An array in the arena, filled from `next` when given. */
  array(length: number, next?: () => number): Float32Array {
    const view = new Float32Array(this.memory.buffer, this.next, length);
    this.next += (4 * length + 15) & ~15;
    if (next !== undefined) for (let i = 0; i < length; i++) view[i] = next();
    return view;
  }
}

/**
 * One step of `program` on arena arrays by the printed kernel, and on copies by the
 * JavaScript kernel; `c` holds the coefficients, and gets the per-tensor sums after them.
 */
function stepBoth(arena: Arena, program: RuleProgram, p: Float32Array, g: Float32Array, slots: Float32Array[], c: Float64Array) {
  jsReductionKernel(program)?.(p, g, slots, c);
  const expected = { p: p.slice(), slots: slots.map((s) => s.slice()) };
  jsKernel(program)(expected.p, g, expected.slots, c);
  const kernel = arena.kernels.kernelOf(program);
  [p.byteOffset, g.byteOffset, ...slots.map((s) => s.byteOffset), p.length, ...c].forEach((value, i) => (kernel.args[i] = value));
  kernel.run();
  return expected;
}

describe.each(CASES)('%s', (_, config) => {
  test('the printed kernel matches the JavaScript kernel over steps of random data', () => {
    const { rule, h, program } = programOf(config);
    const arena = new Arena();
    const n = 4096 + 64;
    const next = numbers(31);
    const p = arena.array(n);
    const g = arena.array(n);
    for (let i = 0; i < n; i++) p[i] = next();
    const slots = program.slots.map((slot) => arena.array(n).fill(rule.initialSlotValue?.(h, slot) ?? 0));
    const scalars: Record<string, number> = { ...rule.initialScalars?.(h) };
    const c = new Float64Array(scalarInputCount(program));
    for (let t = 1; t <= 8; t++) {
      for (let i = 0; i < n; i++) g[i] = next() * (i % 7 === 0 ? 10 : 1);
      coefficientValues(rule, program, h, { t, lr: 0.01 * (rule.type === 'adadelta' ? 100 : 1), shape: [n] }, scalars, c);
      const expected = stepBoth(arena, program, p, g, slots, c);
      expectClose(p, expected.p);
      slots.forEach((slot, k) => expectClose(slot, expected.slots[k]));
      // Continue from the JavaScript kernel's values so differences never accumulate.
      p.set(expected.p);
      slots.forEach((slot, k) => slot.set(expected.slots[k]));
    }
  });

  test('the SIMD engine matches the JavaScript engine on odd lengths and across chunk boundaries', () => {
    const simd = createOptimizer({ rule: config }, 'simd');
    const js = createOptimizer({ rule: config }, 'js');
    const sizes = [1, 3, 4, 7, 4095, 4096, 4097, 2 * 4096 + 5];
    const next = numbers(7);
    const start = sizes.map((n) => Float32Array.from({ length: n }, () => next()));
    const a = start.map((values, i) => ({ name: `t${i}`, values: values.slice() }));
    const b = start.map((values, i) => ({ name: `t${i}`, values: values.slice() }));
    for (let s = 0; s < 4; s++) {
      const grads = sizes.map((n) => Float32Array.from({ length: n }, () => next()));
      simd.step(a, grads);
      js.step(b, grads.map((g) => g.slice()));
    }
    a.forEach((p, i) => expectClose(p.values, b[i].values, 1e-5, 1e-6));
    const simdState = simd.exportState().tensors;
    const jsState = js.exportState().tensors;
    for (const name of Object.keys(jsState)) {
      for (const slot of Object.keys(jsState[name].slots)) {
        expectClose(decodeArray(simdState[name].slots[slot])!, decodeArray(jsState[name].slots[slot])!, 1e-5, 1e-6);
      }
    }
  });
});

/** A rule that exercises every operation, on special values, for exact agreement. */
const probe = defineRule({
  type: 'probe',
  summary: 'Every operation of the expression language.',
  fields: {},
  slots: () => ['sign', 'choice', 'extreme', 'arithmetic'] as const,
  coefficients: () => ({ half: 0.5 }),
  update({ param, grad, slots, c }) {
    return {
      param: select(grad.le(param), grad.max(param), grad.min(param).neg()),
      slots: {
        sign: grad.sign(),
        choice: select(grad.ge(0), select(grad.lt(param), 2, -2), slots.choice),
        extreme: grad.abs().sqrt(),
        arithmetic: grad.mul(c.half).sub(param).div(2).add(slots.arithmetic),
      },
    };
  },
});

/** The probe's program on arena arrays holding every pair of `special` values (p, g) and the values rotated per slot. */
function probeArrays(arena: Arena, special: readonly number[]) {
  const n = (special.length * special.length + 3) & ~3;
  const program = buildProgram(probe, {});
  const [p, g] = [arena.array(n), arena.array(n)];
  special.forEach((x, i) => special.forEach((y, j) => ((p[i * special.length + j] = x), (g[i * special.length + j] = y))));
  const slots = program.slots.map(() => arena.array(n));
  slots.forEach((s, k) => s.forEach((_, i) => (s[i] = special[(i + k) % special.length])));
  return { n, program, p, g, slots };
}

test('every operation: NaN, infinities and signed zeros as in the JavaScript kernel (slots: ±0 flushed to +0)', () => {
  const special = [0, -0, Number.NaN, Infinity, -Infinity, 1, -1, 2, -3.5, 0.25, 1e30, -1e-30, 4, 16];
  const arena = new Arena();
  const { n, program, p, g, slots } = probeArrays(arena, special);
  const expected = stepBoth(arena, program, p, g, slots, new Float64Array([0.5]));
  for (let i = 0; i < n; i++) if (!Object.is(p[i], expected.p[i])) throw new Error(`p[${i}]: ${p[i]}, expected ${expected.p[i]}`);
  slots.forEach((slot, k) => {
    const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
    for (let i = 0; i < n; i++) if (!same(slot[i], expected.slots[k][i])) throw new Error(`${program.slots[k]}[${i}]: ${slot[i]}, expected ${expected.slots[k][i]}`);
  });
  // The sign of −0 is −0 before the flush; the flush stores it as +0.
  expect(Object.is(slots[0][1], 0) && Object.is(expected.slots[0][1], -0)).toBe(true);
});

test('slot values written below 2^-126 in magnitude are flushed to +0, computed or copied; the parameter is not', () => {
  const flushing = defineRule({
    type: 'flushing',
    summary: 'A halving slot and a copied one.',
    fields: {},
    slots: () => ['half', 'copy'] as const,
    coefficients: () => ({ half: 0.5 }),
    update: ({ param, grad, slots, c }) => ({ param, slots: { half: slots.half.mul(c.half), copy: grad } }),
  });
  const program = buildProgram(flushing, {});
  const arena = new Arena();
  const [p, g, half, copy] = [arena.array(4), arena.array(4), arena.array(4), arena.array(4)];
  p.set([2 ** -130, -(2 ** -140), 1, 0]);
  g.set([2 ** -130, -(2 ** -126), -(2 ** -127), 1]);
  half.set([2 ** -125, -(2 ** -126), 2 ** -100, Number.NaN]);
  arena.kernels.kernelOf(program).update(p.byteOffset, g.byteOffset, half.byteOffset, copy.byteOffset, 4, 0.5);
  expect(Array.from(half)).toEqual([2 ** -126, 0, 2 ** -101, Number.NaN]);
  expect(Array.from(copy)).toEqual([0, -(2 ** -126), 0, 1]);
  expect(Object.is(half[1], 0) && Object.is(copy[2], 0)).toBe(true);
  expect(Array.from(p)).toEqual([2 ** -130, -(2 ** -140), 1, 0]);
});

test('every printed module is far under the 4 KB browsers compile synchronously on the main thread', () => {
  const sizes = CASES.map(([name, config]) => [name, printSimdModule(programOf(config).program).length] as const);
  const largest = Math.max(...sizes.map(([, size]) => size));
  console.log(`printed SIMD modules: ${sizes.length} programs, ${Math.min(...sizes.map(([, size]) => size))}–${largest} bytes; utility module ${printUtilityModule().length} bytes`);
  expect(largest).toBeLessThan(1024);
  expect(printUtilityModule().length).toBeLessThan(1024);
  for (const [, config] of CASES) expect(WebAssembly.validate(printSimdModule(programOf(config).program))).toBe(true);
});

test('modules are cached by program key, instances by module and memory, kernels by program object', () => {
  const first = programOf({ type: 'adam', learningRate: 0.01 }).program;
  const same = programOf({ type: 'adam', learningRate: 0.5 }).program;
  const other = programOf({ type: 'adam', amsgrad: true }).program;
  expect(same).not.toBe(first);
  expect(same.key).toBe(first.key);
  expect(simdModule(same)).toBe(simdModule(first));
  expect(simdModule(other)).not.toBe(simdModule(first));
  const own = simdKernels()!;
  expect(own.kernelOf(first)).toBe(own.kernelOf(first));
  expect(own.kernelOf(same)).toBe(own.kernelOf(first));
  expect(own.kernelOf(other)).not.toBe(own.kernelOf(first));
  expect(own.kernelOf(first).args).toHaveLength(3 + first.slots.length + first.coefficients.length);
  // Another memory: another instance of the same module.
  const arena = new Arena();
  expect(arena.kernels.kernelOf(first).update).not.toBe(own.kernelOf(first).update);
  expect(instantiateKernels(arena.memory)!.kernelOf(same)).toBe(arena.kernels.kernelOf(first));
});

test('a rule with many slots: the printed kernel handles them; the engine, past its scratch regions, runs the JavaScript kernel', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
  const wide = defineRule({
    type: 'wide',
    summary: 'Seven decaying slots.',
    fields: {},
    slots: () => names,
    coefficients: (_, { lr }) => ({ lr, keep: 0.5 }),
    update: ({ param, grad, slots, c }) => ({
      param: param.sub(grad.mul(c.lr)),
      slots: Object.fromEntries(names.map((name, k) => [name, slots[name].mul(c.keep).add(grad.mul(k))])),
    }),
  });
  const program = buildProgram(wide, {});
  const arena = new Arena();
  const n = 4100;
  const next = numbers(5);
  const p = arena.array(n, next);
  const g = arena.array(n, next);
  const slots = names.map(() => arena.array(n, next));
  const expected = stepBoth(arena, program, p, g, slots, new Float64Array([0.1, 0.5]));
  expectClose(p, expected.p);
  slots.forEach((slot, k) => expectClose(slot, expected.slots[k]));

  const state = (values: Float32Array[]) => ({
    slots: Object.fromEntries(names.map((name, k) => [name, values[k]])),
    slotList: values,
    scalars: {},
    hyperparameters: {},
    program,
    coefficients: new Float64Array(program.coefficients.length),
  });
  const [pSimd, pJs] = [Float32Array.from(p), Float32Array.from(p)];
  const [simdState, jsState] = [state(slots.map((s) => s.slice())), state(slots.map((s) => s.slice()))];
  simdEngine()!.update(wide, pSimd, g, simdState, { t: 1, lr: 0.1 });
  jsEngine.update(wide, pJs, g, jsState, { t: 1, lr: 0.1 });
  expect(Array.from(pSimd)).toEqual(Array.from(pJs));
  simdState.slotList.forEach((slot, k) => expect(Array.from(slot)).toEqual(Array.from(jsState.slotList[k])));
});

describe('without WebAssembly SIMD the engine is null (the optimizer falls back to JavaScript)', () => {
  const fresh = () => {
    let engine: unknown;
    jest.isolateModules(() => {
      engine = (require('../src/wasm/simd-engine') as typeof import('../src/wasm/simd-engine')).simdEngine();
    });
    return engine;
  };

  test('no WebAssembly at all', () => {
    const saved = globalThis.WebAssembly;
    Reflect.deleteProperty(globalThis, 'WebAssembly');
    try {
      expect(fresh()).toBeNull();
    } finally {
      globalThis.WebAssembly = saved;
    }
  });

  test('WebAssembly without SIMD', () => {
    const validate = jest.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      expect(fresh()).toBeNull();
    } finally {
      validate.mockRestore();
    }
    expect(fresh()).not.toBeNull();
  });
});

describe('the float32 JavaScript kernel (the SIMD engine runs it on short tensors) computes what the printed kernel does, bit for bit', () => {
  /** The JavaScript float32 kernel, printed, or interpreted as where `new Function` is forbidden. */
  function float32Kernel(program: RuleProgram, how: 'printed' | 'interpreted') {
    if (how === 'printed') return jsKernel(program, 'float32');
    return withoutNewFunction(() => (require('../src/kernels/js-kernel') as typeof import('../src/kernels/js-kernel')).jsKernel(program, 'float32'));
  }

  /** Equal as float32 bit patterns, but any NaN equals any NaN. */
  function expectSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
    for (let i = 0; i < expected.length; i++) {
      const [a, e] = [actual[i], expected[i]];
      if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) throw new Error(`${what}[${i}]: ${a}, expected ${e}`);
    }
  }

  /** One step of `program` by the printed SIMD kernel on arena arrays, and by the float32 JavaScript kernel on copies; the same bits. */
  function expectSameStep(arena: Arena, program: RuleProgram, kernel: ReturnType<typeof jsKernel>, p: Float32Array, g: Float32Array, slots: Float32Array[], c: Float64Array): void {
    jsReductionKernel(program)?.(p, g, slots, c); // the per-tensor sums, after the coefficients
    const copies = { p: p.slice(), slots: slots.map((s) => s.slice()) };
    kernel(copies.p, g, copies.slots, c);
    const simd = arena.kernels.kernelOf(program);
    [p.byteOffset, g.byteOffset, ...slots.map((s) => s.byteOffset), p.length, ...c].forEach((value, i) => (simd.args[i] = value));
    simd.run();
    expectSameBits(copies.p, p, 'p');
    slots.forEach((slot, k) => expectSameBits(copies.slots[k], slot, program.slots[k]));
  }

  describe.each(['printed', 'interpreted'] as const)('%s', (how) => {
    test.each(CASES)('%s over steps of random data, with values near float32\'s smallest normal', (_, config) => {
      const { rule, h, program } = programOf(config);
      const kernel = float32Kernel(program, how);
      const arena = new Arena();
      const n = 256;
      const next = numbers(23);
      const p = arena.array(n, next);
      const g = arena.array(n);
      const slots = program.slots.map((slot) => arena.array(n).fill(rule.initialSlotValue?.(h, slot) ?? 0));
      const scalars: Record<string, number> = { ...rule.initialScalars?.(h) };
      const c = new Float64Array(scalarInputCount(program));
      for (let t = 1; t <= 6; t++) {
        // Every fourth gradient tiny, so that decaying slots reach the flush.
        for (let i = 0; i < n; i++) g[i] = next() * (i % 4 === 0 ? 2 ** -120 : i % 7 === 0 ? 10 : 1);
        coefficientValues(rule, program, h, { t, lr: 0.01 * (rule.type === 'adadelta' ? 100 : 1), shape: [n] }, scalars, c);
        expectSameStep(arena, program, kernel, p, g, slots, c);
      }
    });

    test('every operation on NaN, infinities, signed zeros and subnormals', () => {
      const arena = new Arena();
      const { program, p, g, slots } = probeArrays(arena, [0, -0, Number.NaN, Infinity, -Infinity, 1, -1, 2, -3.5, 0.25, 1e30, -1e-30, 4, 16, 2 ** -127, -(2 ** -140), 1 / 3]);
      expectSameStep(arena, program, float32Kernel(program, how), p, g, slots, new Float64Array([1 / 3]));
    });
  });
});
