import { roundHalfEven, type Warp } from '@descent/core';
import { unitOf, type Region } from './storage';

/**
 * dst = src sampled through a rotate, affine, perspective or elastic warp (Warp in @descent/core):
 * bilinear sums the four taps inside the image (S) and writes S·m + (1 − m)·fill with m
 * their weight; nearest reads the pixel at the rounded position, or fill outside. The same
 * rule as warpTaps (which the tensor path uses), computed here pixel by pixel without
 * storing the taps.
 */
export function warpImage(src: Region, dst: Region, warp: Warp): void {
  const m = warp.inverse;
  const [a, b, c, d, e, f] = m;
  const [g, h] = m.length === 8 ? [m[6], m[7]] : [0, 0];
  const s = src.data;
  const out = dst.data;
  const { width, height, channels } = src;
  const fill = warp.fill * unitOf(out);
  const nearest = warp.interpolation === 'nearest';
  const field = warp.field;
  let o = dst.offset;
  for (let i = 0, p = 0; i < dst.height; i++) {
    for (let j = 0; j < dst.width; j++, p += 2) {
      const w = g * j + h * i + 1;
      const ix = field === undefined ? (a * j + b * i + c) / w : field[p];
      const iy = field === undefined ? (d * j + e * i + f) / w : field[p + 1];
      if (nearest) {
        const x = roundHalfEven(ix);
        const y = roundHalfEven(iy);
        if (x >= 0 && x < width && y >= 0 && y < height) {
          const at = src.offset + (y * width + x) * channels;
          for (let k = 0; k < channels; k++) out[o++] = s[at + k];
        } else for (let k = 0; k < channels; k++) out[o++] = fill;
        continue;
      }
      const x0 = Math.floor(ix);
      const y0 = Math.floor(iy);
      const fx = ix - x0;
      const fy = iy - y0;
      const w00 = x0 >= 0 && x0 < width && y0 >= 0 && y0 < height ? (1 - fx) * (1 - fy) : 0;
      const w10 = x0 + 1 >= 0 && x0 + 1 < width && y0 >= 0 && y0 < height ? fx * (1 - fy) : 0;
      const w01 = x0 >= 0 && x0 < width && y0 + 1 >= 0 && y0 + 1 < height ? (1 - fx) * fy : 0;
      const w11 = x0 + 1 >= 0 && x0 + 1 < width && y0 + 1 >= 0 && y0 + 1 < height ? fx * fy : 0;
      const cover = w00 + w10 + w01 + w11;
      if (cover === 0) {
        for (let k = 0; k < channels; k++) out[o++] = fill;
        continue;
      }
      const at = src.offset + (y0 * width + x0) * channels;
      const down = width * channels;
      for (let k = 0; k < channels; k++) {
        let sum = 0;
        if (w00 !== 0) sum += w00 * s[at + k];
        if (w10 !== 0) sum += w10 * s[at + channels + k];
        if (w01 !== 0) sum += w01 * s[at + down + k];
        if (w11 !== 0) sum += w11 * s[at + down + channels + k];
        out[o++] = sum * cover + (1 - cover) * fill;
      }
    }
  }
}
