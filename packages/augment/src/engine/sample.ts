import type { Geometry } from '@descent/spec';
import { unitOf, type Region } from './storage';

/**
 * Writes `dst` (shaped by the geometry's maps) from `src`: each output value blends
 * up to 2 × 2 input values with the maps' weights, plus the fill where taps fall
 * outside the input. Pure gathers (flips, crops, pads, nearest) copy values.
 */
export function sampleGeometry(src: Region, geometry: Geometry, dst: Region): void {
  const { rows, cols } = geometry;
  const channels = src.channels;
  const rowStride = src.width * channels;
  const fill = geometry.fill * unitOf(dst.data);
  const c0 = new Int32Array(cols.length);
  const c1 = new Int32Array(cols.length);
  for (let x = 0; x < cols.length; x++) {
    c0[x] = cols.i0[x] * channels;
    c1[x] = cols.i1[x] * channels;
  }
  if (rows.linear || cols.linear) blend(src, rowStride, rows, cols, c0, c1, fill, dst);
  else gather(src, rowStride, rows, cols, c0, fill, dst);
}

function gather(src: Region, rowStride: number, rows: Geometry['rows'], cols: Geometry['cols'], c0: Int32Array, fill: number, dst: Region): void {
  const s = src.data;
  const d = dst.data;
  const channels = src.channels;
  let o = dst.offset;
  for (let y = 0; y < rows.length; y++) {
    const rowInside = rows.w0[y] !== 0;
    const base = src.offset + rows.i0[y] * rowStride;
    for (let x = 0; x < cols.length; x++) {
      if (rowInside && cols.w0[x] !== 0) {
        const at = base + c0[x];
        for (let c = 0; c < channels; c++) d[o++] = s[at + c];
      } else {
        for (let c = 0; c < channels; c++) d[o++] = fill;
      }
    }
  }
}

function blend(
  src: Region,
  rowStride: number,
  rows: Geometry['rows'],
  cols: Geometry['cols'],
  c0: Int32Array,
  c1: Int32Array,
  fill: number,
  dst: Region,
): void {
  const s = src.data;
  const d = dst.data;
  const channels = src.channels;
  const bx0 = cols.w0;
  const bx1 = cols.w1;
  let o = dst.offset;
  for (let y = 0; y < rows.length; y++) {
    const a0 = rows.w0[y];
    const a1 = rows.w1[y];
    const r0 = src.offset + rows.i0[y] * rowStride;
    const r1 = src.offset + rows.i1[y] * rowStride;
    const rowCover = a0 + a1;
    for (let x = 0; x < cols.length; x++) {
      const b0 = bx0[x];
      const b1 = bx1[x];
      const p = r0 + c0[x];
      const q = r0 + c1[x];
      const u = r1 + c0[x];
      const v = r1 + c1[x];
      const outside = fill * (1 - rowCover * (b0 + b1));
      for (let c = 0; c < channels; c++) {
        d[o++] = a0 * (b0 * s[p + c] + b1 * s[q + c]) + a1 * (b0 * s[u + c] + b1 * s[v + c]) + outside;
      }
    }
  }
}
