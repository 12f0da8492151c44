import { decodeBase64 } from '../base64';
import { KERNELS_WASM_BASE64 } from './kernels-module';

/** The exports of kernels.wat: one SIMD kernel per rule family, all in place on `memory`. */
export interface SimdKernels {
  /** The memory the kernels read and write. */
  readonly memory: WebAssembly.Memory;
  sgd(p: number, g: number, n: number, lr: number, wd: number): void;
  sgdMomentum(p: number, g: number, b: number, n: number, lr: number, wd: number, keep: number, scale: number, gsel: number, bcoef: number): void;
  adagrad(p: number, g: number, s: number, n: number, step: number, wd: number, eps: number): void;
  rmsprop(p: number, g: number, v: number, a: number, b: number, n: number, lr: number, decay: number, oneMinusDecay: number, eps: number, wd: number, mu: number, centered: number, momentum: number): void;
  adam(p: number, g: number, m: number, v: number, vmax: number, n: number, b1: number, a1: number, b2: number, a2: number, step: number, ds: number, eps: number, wd: number, keep: number, amsgrad: number): void;
  adamax(p: number, g: number, m: number, u: number, n: number, b1: number, a1: number, b2: number, step: number, eps: number, wd: number): void;
  nadam(p: number, g: number, m: number, v: number, n: number, b1: number, a1: number, b2: number, a2: number, gstep: number, mstep: number, ds: number, eps: number, wd: number): void;
  radam(p: number, g: number, m: number, v: number, n: number, b1: number, a1: number, b2: number, a2: number, step: number, eps: number, wd: number, rectified: number): void;
  adadelta(p: number, g: number, s: number, u: number, n: number, lr: number, rho: number, oneMinusRho: number, eps: number, wd: number): void;
  lion(p: number, g: number, m: number, n: number, lr: number, b1: number, a1: number, b2: number, a2: number, keep: number): void;
  hasNonFinite(g: number, n: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled kernels module (compiled once, synchronously: it is under the 4 KB browsers
 * allow on the main thread), or null where WebAssembly SIMD is missing.
 */
function kernelsModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly !== 'object') return compiled;
  const bytes = decodeBase64(KERNELS_WASM_BASE64) as Uint8Array<ArrayBuffer>;
  if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  return compiled;
}

/** The kernels working on `memory` (a new instance each call), or null where WebAssembly SIMD is missing. */
export function instantiateKernels(memory: WebAssembly.Memory): SimdKernels | null {
  const module = kernelsModule();
  if (module === null) return null;
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  return { ...(exports as unknown as Omit<SimdKernels, 'memory'>), memory };
}

let own: SimdKernels | null | undefined;

/** The kernels on a memory of their own, made on first use; null where WebAssembly SIMD is missing. */
export function simdKernels(): SimdKernels | null {
  if (own === undefined) own = typeof WebAssembly === 'object' ? instantiateKernels(new WebAssembly.Memory({ initial: 1 })) : null;
  return own;
}
