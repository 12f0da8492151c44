import { simdKernelsModule, type SimdKernels } from '../wasm/kernels';
import type { PixelKind } from './plan';
import { Workspace } from './workspace';

const f = Math.fround;

/** Floats per chunk of the SIMD finiteness test (1 MiB). */
const CHECK_CHUNK = 1 << 18;

/**
 * The kernels that carry the heavy passes, on workspace addresses (bytes): the SIMD
 * module's, or portable TypeScript twins that round every operation to float32 in the
 * same order, so both give the same bits.
 */
export interface Kernels {
  readonly name: 'simd' | 'portable';
  readonly workspace: Workspace;
  /** Row pass: tmp[x·channels + c] = b0[x]·P + b1[x]·Q for one source row (column offsets in bytes). */
  row(pixels: PixelKind, row: number, co0: number, co1: number, cw0: number, cw1: number, outW: number, channels: number, tmp: number): void;
  /** Column pass: n values of a0·h0 + a1·h1 (+ fill·(1 − (a0 + a1)·cc) when fill ≠ 0), stored at dst. */
  column(pixels: PixelKind, h0: number, h1: number, a0: number, a1: number, n: number, fill: number, cc: number, dst: number): void;
  /** x ← x·scale + shift in place, clamped to [0, 1] (floats) or rounded and saturated (bytes). */
  affine(pixels: PixelKind, p: number, n: number, scale: number, shift: number): void;
  /** Per-channel sums of `pixels` pixels (channels ≤ 4): exact for bytes, f64 in pixel order for floats. */
  channelSums(pixels: PixelKind, p: number, count: number, channels: number): number[];
  /** The index of the first NaN or infinite value of `data` (any array, not in the workspace), or −1. */
  firstNonFinite(data: Float32Array): number;
}

/** The first non-finite value from `start`, or −1. */
function scanNonFinite(data: Float32Array, start = 0, end = data.length): number {
  for (let i = start; i < end; i++) {
    const v = data[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

/** The portable kernels on a workspace. */
export function portableKernels(ws: Workspace): Kernels {
  const read = (pixels: PixelKind) => (pixels === 'float32' ? { data: ws.floats, shift: 2 } : { data: ws.bytes, shift: 0 });
  return {
    name: 'portable',
    workspace: ws,
    row(pixels, row, co0, co1, cw0, cw1, outW, channels, tmp) {
      const { data, shift } = read(pixels);
      const { ints, floats } = ws;
      for (let x = 0; x < outW; x++) {
        const b0 = floats[cw0 / 4 + x];
        const b1 = floats[cw1 / 4 + x];
        const p = (row + ints[co0 / 4 + x]) >> shift;
        const q = (row + ints[co1 / 4 + x]) >> shift;
        const o = tmp / 4 + x * channels;
        for (let c = 0; c < channels; c++) floats[o + c] = f(f(b0 * data[p + c]) + f(b1 * data[q + c]));
      }
    },
    column(pixels, h0, h1, a0, a1, n, fill, cc, dst) {
      const { floats } = ws;
      const out = pixels === 'float32' ? ws.floats : ws.bytes;
      const base = pixels === 'float32' ? dst / 4 : dst;
      const w0 = f(a0);
      const w1 = f(a1);
      const cover = f(w0 + w1);
      const filled = f(fill);
      for (let j = 0; j < n; j++) {
        let v = f(f(w0 * floats[h0 / 4 + j]) + f(w1 * floats[h1 / 4 + j]));
        if (filled !== 0) v = f(v + f(filled * f(1 - f(cover * floats[cc / 4 + j]))));
        out[base + j] = v;
      }
    },
    affine(pixels, p, n, scale, shift) {
      const s = f(scale);
      const t = f(shift);
      if (pixels === 'uint8') {
        const d = ws.bytes;
        for (let i = p; i < p + n; i++) d[i] = f(f(d[i] * s) + t);
        return;
      }
      const d = ws.floats;
      for (let i = p / 4; i < p / 4 + n; i++) d[i] = Math.max(0, Math.min(1, f(f(d[i] * s) + t)));
    },
    channelSums(pixels, p, count, channels) {
      const { data, shift } = read(pixels);
      const sums = [0, 0, 0, 0].slice(0, channels);
      const start = p >> shift;
      for (let i = 0; i < count; i++) for (let c = 0; c < channels; c++) sums[c] += data[start + i * channels + c];
      return sums;
    },
    firstNonFinite: (data) => scanNonFinite(data),
  };
}

/** The SIMD kernels on their module's workspace (passes of more than 4 channels fall back to the portable row pass). */
function simdKernels(simd: SimdKernels, ws: Workspace): Kernels {
  const portable = portableKernels(ws);
  return {
    name: 'simd',
    workspace: ws,
    row(pixels, row, co0, co1, cw0, cw1, outW, channels, tmp) {
      if (channels > 4) return portable.row(pixels, row, co0, co1, cw0, cw1, outW, channels, tmp);
      (pixels === 'float32' ? simd.rowF32 : simd.rowU8)(row, co0, co1, cw0, cw1, outW, channels, tmp);
    },
    column(pixels, h0, h1, a0, a1, n, fill, cc, dst) {
      (pixels === 'float32' ? simd.columnF32 : simd.columnU8)(h0, h1, a0, a1, n, fill, cc, dst);
    },
    affine(pixels, p, n, scale, shift) {
      if (pixels === 'float32') simd.affineF32(p, n, scale, shift, 1);
      else simd.affineU8(p, n, scale, shift);
    },
    channelSums(pixels, p, count, channels) {
      if (channels > 4) return portable.channelSums(pixels, p, count, channels);
      const out = ws.allocate(32);
      (pixels === 'float32' ? simd.channelSumsF32 : simd.channelSumsU8)(p, count, channels, out);
      return Array.from(ws.doubles.subarray(out / 8, out / 8 + channels));
    },
    firstNonFinite(data) {
      // Chunks are copied into the module's memory (a memcpy) and tested 4 lanes at a time.
      ws.reset();
      const chunk = Math.min(data.length, CHECK_CHUNK);
      const address = ws.allocate(4 * chunk);
      for (let start = 0; start < data.length; start += chunk) {
        const end = Math.min(start + chunk, data.length);
        ws.floats.set(data.subarray(start, end), address / 4);
        ws.floats.fill(0, address / 4 + end - start, address / 4 + end - start + 3);
        if (simd.anyNonFiniteF32(address, end - start) !== 0) return scanNonFinite(data, start, end);
      }
      return -1;
    },
  };
}

let active: Kernels | null = null;

/**
 * The kernels in use: SIMD where WebAssembly SIMD exists, else portable. `prefer`
 * switches (tests compare the two; "portable" also helps where memory is tight).
 */
export function kernels(prefer?: 'simd' | 'portable'): Kernels {
  if (prefer !== undefined && active?.name !== prefer) active = null;
  if (active !== null) return active;
  const simd = prefer === 'portable' ? null : simdKernelsModule();
  active = simd === null ? portableKernels(new Workspace(null)) : simdKernels(simd, Workspace.for(simd));
  return active;
}
