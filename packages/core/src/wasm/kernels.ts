import { printUtilityModule, simdModule, simdSupported, type SimdUpdate } from '../kernels/simd-kernel';
import { scalarInputCount, type RuleProgram } from '../rules/program';

export type { SimdUpdate } from '../kernels/simd-kernel';

/** A printed update instantiated on one memory, with the argument list it is called with. */
export interface SimdKernel {
  /** The module's export, `update(p, g, s0…, n, c0…)` (see printSimdModule). */
  readonly update: SimdUpdate;
  /** The arguments `run` passes: byte offsets of p, g and the slots, the element count, the coefficients and per-tensor sums. */
  readonly args: number[];
  /** Calls `update` with `args`. */
  run(): void;
}

/** The SIMD kernels on one memory: the printed update of any program, and the non-finite test. */
export interface SimdKernels {
  /** The memory the kernels read and write. */
  readonly memory: WebAssembly.Memory;
  /** 1 when any of the n floats at byte offset g (n a multiple of 4) is NaN or ±Inf, else 0. */
  hasNonFinite(g: number, n: number): number;
  /**
   * The kernel of `program` on this memory: printed and compiled once per distinct program,
   * instantiated once per module and memory, then found by the program object alone.
   */
  kernelOf(program: RuleProgram): SimdKernel;
}

/**
 * `run` for `update` and `args`: a call of fixed arity, printed per kernel so that each call
 * site sees one wasm function (V8 then calls it with unboxed numbers: no allocation per
 * call, where a spread or Reflect.apply allocates). Where a content security policy
 * forbids `new Function`, Reflect.apply.
 */
function caller(update: SimdUpdate, args: number[]): () => void {
  try {
    const list = args.map((_, i) => `a[${i}]`).join(', ');
    return new Function('f', 'a', `"use strict"; return function run() { f(${list}); };`)(update, args) as () => void;
  } catch {
    return () => Reflect.apply(update, undefined, args);
  }
}

/** Instances of the printed modules, by memory and module. */
const instances = new WeakMap<WebAssembly.Memory, WeakMap<WebAssembly.Module, SimdKernel>>();

/** The kernel of `program`'s module instantiated on `memory`, once per module and memory. */
function instanceOf(program: RuleProgram, memory: WebAssembly.Memory): SimdKernel {
  const module = simdModule(program);
  let onMemory = instances.get(memory);
  if (onMemory === undefined) {
    onMemory = new WeakMap();
    instances.set(memory, onMemory);
  }
  let kernel = onMemory.get(module);
  if (kernel === undefined) {
    const update = new WebAssembly.Instance(module, { env: { memory } }).exports.update as SimdUpdate;
    const args = new Array<number>(3 + program.slots.length + scalarInputCount(program)).fill(0);
    kernel = { update, args, run: caller(update, args) };
    onMemory.set(module, kernel);
  }
  return kernel;
}

let utility: WebAssembly.Module | undefined;

/** The kernels working on `memory`, or null where WebAssembly SIMD is missing. */
export function instantiateKernels(memory: WebAssembly.Memory): SimdKernels | null {
  if (!simdSupported()) return null;
  utility ??= new WebAssembly.Module(printUtilityModule());
  const hasNonFinite = new WebAssembly.Instance(utility, { env: { memory } }).exports.hasNonFinite as (g: number, n: number) => number;
  const byProgram = new WeakMap<RuleProgram, SimdKernel>();
  return {
    memory,
    hasNonFinite,
    kernelOf(program) {
      let kernel = byProgram.get(program);
      if (kernel === undefined) {
        kernel = instanceOf(program, memory);
        byProgram.set(program, kernel);
      }
      return kernel;
    },
  };
}

let own: SimdKernels | null | undefined;

/** The kernels on a memory of their own, made on first use; null where WebAssembly SIMD is missing. */
export function simdKernels(): SimdKernels | null {
  if (own === undefined) own = simdSupported() ? instantiateKernels(new WebAssembly.Memory({ initial: 1 })) : null;
  return own;
}
