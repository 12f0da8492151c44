import { decodeBase64 } from '@descent/core';
import { KERNELS_WASM_BASE64 } from './kernels-module';

/** The exports of kernels.wat (addresses are byte offsets in `memory`). */
export interface SimdKernels {
  readonly memory: WebAssembly.Memory;
  rowU8(row: number, co0: number, co1: number, cw0: number, cw1: number, outW: number, stride: number, tmp: number): void;
  rowF32(row: number, co0: number, co1: number, cw0: number, cw1: number, outW: number, stride: number, tmp: number): void;
  columnU8(h0: number, h1: number, w0: number, w1: number, n: number, fill: number, cc: number, dst: number): void;
  columnF32(h0: number, h1: number, w0: number, w1: number, n: number, fill: number, cc: number, dst: number): void;
  affineU8(p: number, n: number, scale: number, shift: number): void;
  affineF32(p: number, n: number, scale: number, shift: number, hi: number): void;
  channelSumsU8(p: number, pixels: number, channels: number, out: number): void;
  channelSumsF32(p: number, pixels: number, channels: number, out: number): void;
  anyNonFiniteF32(p: number, n: number): number;
}

const KERNEL_NAMES = ['rowU8', 'rowF32', 'columnU8', 'columnF32', 'affineU8', 'affineF32', 'channelSumsU8', 'channelSumsF32', 'anyNonFiniteF32'] as const;

/** True when a module's exports are those of kernels.wat: its memory and every kernel. */
function isSimdKernels(exports: WebAssembly.Exports): exports is WebAssembly.Exports & SimdKernels {
  return exports.memory instanceof WebAssembly.Memory && KERNEL_NAMES.every((name) => typeof exports[name] === 'function');
}

let loaded: SimdKernels | null | undefined;

/** The SIMD kernels, instantiated on first use, or null where WebAssembly SIMD is missing. */
export function simdKernelsModule(): SimdKernels | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (typeof WebAssembly !== 'object') return loaded;
  const bytes = decodeBase64(KERNELS_WASM_BASE64) as Uint8Array<ArrayBuffer>;
  if (!WebAssembly.validate(bytes)) return loaded;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  loaded = isSimdKernels(exports) ? exports : null;
  return loaded;
}
