import type { Warp } from '@descent/core';
import { unitOf, type Region, type Storage } from './storage';

/** Source positions of one output row, reused between calls (grown on demand). */
let rowX = new Float64Array(0);
let rowY = new Float64Array(0);

/**
 * The input index (ix, iy) of every pixel of output row i, into rowX and rowY: from the
 * warp's field, or its map with the very expressions of warpTaps ((a·j + b·i + c) / w;
 * affine maps skip the division by w = 1, which is exact), so both paths sample alike.
 */
function sourceRow(warp: Warp, i: number, width: number): void {
  const field = warp.field;
  if (field !== undefined) {
    for (let j = 0, p = 2 * i * width; j < width; j++, p += 2) {
      rowX[j] = field[p];
      rowY[j] = field[p + 1];
    }
    return;
  }
  const m = warp.inverse;
  const [a, b, c, d, e, f] = m;
  const bi = b * i;
  const ei = e * i;
  if (m.length === 6) {
    for (let j = 0; j < width; j++) {
      rowX[j] = a * j + bi + c;
      rowY[j] = d * j + ei + f;
    }
    return;
  }
  const hi = m[7] * i;
  for (let j = 0; j < width; j++) {
    const w = m[6] * j + hi + 1;
    rowX[j] = (a * j + bi + c) / w;
    rowY[j] = (d * j + ei + f) / w;
  }
}

/** Rounds half to even (roundHalfEven of @descent/core, inlined for the pixel loop). */
function nearestIndex(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && (r & 1) !== 0 ? r - 1 : r;
}

/** One output row, nearest: the pixel at the rounded position, or fill outside. */
function nearestRow(s: Storage, from: number, out: Storage, o: number, src: Region, count: number, fill: number): void {
  const { width, height, channels } = src;
  for (let j = 0; j < count; j++, o += channels) {
    const x = nearestIndex(rowX[j]);
    const y = nearestIndex(rowY[j]);
    const inside = x >= 0 && x < width && y >= 0 && y < height;
    const at = from + (y * width + x) * channels;
    if (channels === 3) {
      out[o] = inside ? s[at] : fill;
      out[o + 1] = inside ? s[at + 1] : fill;
      out[o + 2] = inside ? s[at + 2] : fill;
    } else for (let k = 0; k < channels; k++) out[o + k] = inside ? s[at + k] : fill;
  }
}

/** One output row, bilinear: the taps inside the image summed (S), written S·m + (1 − m)·fill. */
function bilinearRow(s: Storage, from: number, out: Storage, o: number, src: Region, count: number, fill: number): void {
  const { width, height, channels } = src;
  const down = width * channels;
  for (let j = 0; j < count; j++, o += channels) {
    const ix = rowX[j];
    const iy = rowY[j];
    const x0 = Math.floor(ix);
    const y0 = Math.floor(iy);
    const fx = ix - x0;
    const fy = iy - y0;
    const left = x0 >= 0 && x0 < width;
    const right = x0 + 1 >= 0 && x0 + 1 < width;
    const top = y0 >= 0 && y0 < height;
    const bottom = y0 + 1 >= 0 && y0 + 1 < height;
    const w00 = left && top ? (1 - fx) * (1 - fy) : 0;
    const w10 = right && top ? fx * (1 - fy) : 0;
    const w01 = left && bottom ? (1 - fx) * fy : 0;
    const w11 = right && bottom ? fx * fy : 0;
    const cover = w00 + w10 + w01 + w11;
    if (cover === 0) {
      for (let k = 0; k < channels; k++) out[o + k] = fill;
      continue;
    }
    const at = from + (y0 * width + x0) * channels;
    const rest = (1 - cover) * fill;
    for (let k = 0; k < channels; k++) {
      let sum = 0;
      if (w00 !== 0) sum += w00 * s[at + k];
      if (w10 !== 0) sum += w10 * s[at + channels + k];
      if (w01 !== 0) sum += w01 * s[at + down + k];
      if (w11 !== 0) sum += w11 * s[at + down + channels + k];
      out[o + k] = sum * cover + rest;
    }
  }
}

/**
 * dst = src sampled through a rotate, affine, perspective or elastic warp (Warp in @descent/core):
 * bilinear sums the four taps inside the image (S) and writes S·m + (1 − m)·fill with m
 * their weight; nearest reads the pixel at the rounded position, or fill outside. The same
 * rule as warpTaps (which the tensor path uses), computed here row by row without storing
 * the taps.
 */
export function warpImage(src: Region, dst: Region, warp: Warp): void {
  const out = dst.data;
  const fill = warp.fill * unitOf(out);
  const row = warp.interpolation === 'nearest' ? nearestRow : bilinearRow;
  if (rowX.length < dst.width) {
    rowX = new Float64Array(dst.width);
    rowY = new Float64Array(dst.width);
  }
  for (let i = 0; i < dst.height; i++) {
    sourceRow(warp, i, dst.width);
    row(src.data, src.offset, out, dst.offset + i * dst.width * dst.channels, src, dst.width, fill);
  }
}
