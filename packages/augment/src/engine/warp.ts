import { warpTaps, type Warp } from '@descent/core';
import { unitOf, type Region } from './storage';

/** dst = src sampled through a rotate or affine warp: Σ weight·src over the taps, then ·m + (1 − m)·fill (torchvision's fill rule). */
export function warpImage(src: Region, dst: Region, warp: Warp): void {
  const { count, index, weight, cover } = warpTaps(warp, src);
  const s = src.data;
  const out = dst.data;
  const channels = src.channels;
  const fill = warp.fill * unitOf(out);
  for (let p = 0, o = dst.offset; p < cover.length; p++) {
    const m = cover[p];
    for (let k = 0; k < channels; k++, o++) {
      let sum = 0;
      for (let t = p * count; t < (p + 1) * count; t++) sum += weight[t] * s[src.offset + index[t] * channels + k];
      out[o] = sum * m + (1 - m) * fill;
    }
  }
}
