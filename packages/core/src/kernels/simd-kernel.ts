import { scalarInputCount, type Instruction, type RuleProgram } from '../rules/program';
import { Code, encodeModule, F32, I32, Op, Simd, V128 } from './wasm-encoder';

/**
 * The WebAssembly SIMD printer of a RuleProgram: the same program the JavaScript printer
 * (js-kernel.ts) turns into a loop, as a module whose one function
 * `update(p, g, s0…s{k−1}, n, c0…c{m−1}, r0…)` runs it four float32 lanes at a time, in place on
 * the memory the module imports as `env.memory` (its own, or another module's such as the
 * tfjs wasm backend's heap). `p`, `g` and the slots are byte offsets, `n` is an element count
 * that is a multiple of 4, the coefficients are the step's numbers in the program's order
 * (rounded to float32 on the call), then its per-tensor sums r (computed before the call,
 * see jsReductionKernel). Each iteration loads every input, computes every
 * instruction in f32x4 (coefficients and constants are splatted once, before the loop), then
 * stores the slots and the parameter, as the JavaScript loop does element by element.
 * Arithmetic is float32, each operation correctly rounded, so results are the same on
 * every platform. `max`/`min` propagate NaN (f32x4.max/min do, as Math.max/min);
 * `sign` is Math.sign (−1, ±0 or 1, NaN stays NaN); `select` is a bitselect of the
 * comparison's lane mask (false, so the second choice, when either operand is NaN).
 *
 * Every slot value the kernel writes is flushed to +0 once its magnitude falls below
 * float32's smallest normal number (2^-126 ≈ 1.2e-38): arithmetic on subnormal floats is
 * 10-20× slower on x86, and state that decays (momentum buffers, moment estimates, running
 * averages) of a unit that stops receiving gradient (a dropped or dead unit) would
 * otherwise decay into that range and stay there. Nothing above 2^-126 changes. A slot
 * value that is computed is flushed where it is computed, so the rest of the update reads
 * it flushed too; one that is an input unchanged (a load or a coefficient) is flushed as it
 * is stored.
 */
export function printSimdModule(program: RuleProgram): Uint8Array<ArrayBuffer> {
  const { instructions, slotOutputs } = program;
  const slotCount = program.slots.length;
  const P = 0;
  const G = 1;
  const slotPointer = (s: number) => 2 + s;
  const N = 2 + slotCount;
  const coefficientParam = (c: number) => 3 + slotCount + c;
  const sumParam = (k: number) => coefficientParam(program.coefficients.length + k);
  const params = [I32, I32, ...program.slots.map(() => I32), I32, ...Array.from({ length: scalarInputCount(program) }, () => F32)];

  const locals: number[] = [];
  const local = (type: number) => params.length + locals.push(type) - 1;
  const END = local(I32);
  const value = instructions.map(() => local(V128));

  // Before the loop: splats of coefficients, constants and the helpers some operations need.
  const before = new Code();
  const body = new Code();
  const helpers = new Map<string, number>();
  const helper = (key: string, lanes: readonly number[], bits = false): number => {
    let at = helpers.get(key);
    if (at === undefined) {
      at = local(V128);
      before.v128(lanes, bits).set(at);
      helpers.set(key, at);
    }
    return at;
  };
  const tiny = () => helper('tiny', [2 ** -126, 2 ** -126, 2 ** -126, 2 ** -126]);
  /** Pushes local `at` with its lanes below 2^-126 in magnitude (not NaN) set to +0. */
  const flush = (at: number, code: Code) => code.get(at).get(at).simd(Simd.f32x4Abs).get(tiny()).simd(Simd.f32x4Lt).simd(Simd.andnot);

  const isSlotOutput = new Set(slotOutputs.filter((out): out is number => out !== null));
  const leaf = (x: Instruction) => x.op === 'param' || x.op === 'grad' || x.op === 'slot' || x.op === 'coefficient' || x.op === 'reduced' || x.op === 'constant';
  instructions.forEach((x, i) => {
    printInstruction(x, i);
    if (isSlotOutput.has(i) && !leaf(x)) flush(value[i], body).set(value[i]);
  });

  function printInstruction(x: Instruction, i: number): void {
    const v = (k: number) => value[k];
    switch (x.op) {
      case 'param':
        body.get(P).load().set(v(i));
        return;
      case 'grad':
        body.get(G).load().set(v(i));
        return;
      case 'slot':
        body.get(slotPointer(x.index)).load().set(v(i));
        return;
      case 'coefficient':
        before.get(coefficientParam(x.index)).simd(Simd.f32x4Splat).set(v(i));
        return;
      case 'reduced':
        before.get(sumParam(x.index)).simd(Simd.f32x4Splat).set(v(i));
        return;
      case 'constant':
        before.f32(x.value).simd(Simd.f32x4Splat).set(v(i));
        return;
      case 'neg':
      case 'abs':
      case 'sqrt':
        body.get(v(x.a)).simd(UNARY[x.op]).set(v(i));
        return;
      case 'sign': {
        // ±1 with x's sign bit where |x| > 0; x itself (±0, NaN) elsewhere.
        const signBit = helper('signBit', [0x80000000, 0x80000000, 0x80000000, 0x80000000], true);
        const one = helper('one', [1, 1, 1, 1]);
        const zero = helper('zero', [0, 0, 0, 0]);
        body.get(v(x.a)).get(signBit).simd(Simd.and).get(one).simd(Simd.or);
        body.get(v(x.a));
        body.get(v(x.a)).simd(Simd.f32x4Abs).get(zero).simd(Simd.f32x4Gt);
        body.simd(Simd.bitselect).set(v(i));
        return;
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
      case 'max':
      case 'min':
        body.get(v(x.a)).get(v(x.b)).simd(BINARY[x.op]).set(v(i));
        return;
      case 'select':
        body.get(v(x.ifTrue)).get(v(x.ifFalse)).get(v(x.left)).get(v(x.right)).simd(COMPARE[x.test]).simd(Simd.bitselect).set(v(i));
        return;
    }
  }

  // Stores: the slots, then the parameter.
  slotOutputs.forEach((out, s) => {
    if (out === null) return;
    body.get(slotPointer(s));
    if (leaf(instructions[out])) flush(value[out], body);
    else body.get(value[out]);
    body.store();
  });
  body.get(P).get(value[program.param]).store();

  // Advance every pointer the loop reads or writes.
  const used = new Set([P]);
  for (const x of instructions) {
    if (x.op === 'grad') used.add(G);
    if (x.op === 'slot') used.add(slotPointer(x.index));
  }
  slotOutputs.forEach((out, s) => out !== null && used.add(slotPointer(s)));
  for (const pointer of used) body.get(pointer).i32(16).op(Op.i32Add).set(pointer);

  // end = p + 4n; if n > 0: do { … } while (p < end)
  const code = new Code().get(P).get(N).i32(2).op(Op.i32Shl, Op.i32Add).set(END);
  code.op(...before.bytes);
  code.block().get(N).op(Op.i32Eqz).brIf(0);
  code.loop().op(...body.bytes);
  code.get(P).get(END).op(Op.i32LtU).brIf(0);
  code.end().end();
  return encodeModule([{ name: 'update', params, results: [], locals, body: code }]);
}

const UNARY = { neg: Simd.f32x4Neg, abs: Simd.f32x4Abs, sqrt: Simd.f32x4Sqrt } as const;
const BINARY = { add: Simd.f32x4Add, sub: Simd.f32x4Sub, mul: Simd.f32x4Mul, div: Simd.f32x4Div, max: Simd.f32x4Max, min: Simd.f32x4Min } as const;
const COMPARE = { gt: Simd.f32x4Gt, ge: Simd.f32x4Ge, lt: Simd.f32x4Lt, le: Simd.f32x4Le } as const;

/**
 * The utility module: `hasNonFinite(g, n) → i32`, 1 when any of the n floats at byte
 * offset g (n a multiple of 4) is NaN or ±Inf (all exponent bits set), else 0.
 */
export function printUtilityModule(): Uint8Array<ArrayBuffer> {
  const [G, N, END, FOUND, EXPONENT] = [0, 1, 2, 3, 4];
  const code = new Code().get(G).get(N).i32(2).op(Op.i32Shl, Op.i32Add).set(END);
  code.v128([0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000], true).set(EXPONENT);
  code.block().get(N).op(Op.i32Eqz).brIf(0);
  code.loop();
  code.get(FOUND).get(G).load().get(EXPONENT).simd(Simd.and).get(EXPONENT).simd(Simd.i32x4Eq).simd(Simd.or).set(FOUND);
  code.get(G).i32(16).op(Op.i32Add).set(G);
  code.get(G).get(END).op(Op.i32LtU).brIf(0);
  code.end().end();
  code.get(FOUND).simd(Simd.anyTrue);
  return encodeModule([{ name: 'hasNonFinite', params: [I32, I32], results: [I32], locals: [I32, V128, V128], body: code }]);
}

/** The exported update of a printed module: `update(p, g, s0…, n, c0…)`. */
export type SimdUpdate = (...args: number[]) => void;

let supported: boolean | undefined;

/** True where WebAssembly with SIMD is available (the utility module validates). */
export function simdSupported(): boolean {
  supported ??= typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(printUtilityModule());
  return supported;
}

const compiled = new Map<string, WebAssembly.Module>();
const byProgram = new WeakMap<RuleProgram, WebAssembly.Module>();

/**
 * The compiled module of a program: printed and compiled once per distinct program (by
 * `key`), synchronously, which browsers allow on the main thread for modules under 4 KB (a
 * printed kernel is a few hundred bytes). Call only where simdSupported().
 */
export function simdModule(program: RuleProgram): WebAssembly.Module {
  let module = byProgram.get(program);
  if (module !== undefined) return module;
  module = compiled.get(program.key);
  if (module === undefined) {
    module = new WebAssembly.Module(printSimdModule(program));
    compiled.set(program.key, module);
  }
  byProgram.set(program, module);
  return module;
}
