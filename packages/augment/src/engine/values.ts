import { eraseRegion, pcaLightingOffsets, Random, type EraseParams, type NormalizeParams, type PcaLightingParams } from '@descent/core';
import { copy } from './color';
import { unitOf, type Region } from './storage';

/** dst (float) = (src/unit − mean[c]) / std[c] (torchvision normalize). */
export function normalize(src: Region, dst: Region, h: NormalizeParams): void {
  const s = src.data;
  const d = dst.data;
  const channels = src.channels;
  const unit = unitOf(s);
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const mean = h.mean.length === 1 ? h.mean[0] : h.mean[c];
    const std = h.std.length === 1 ? h.std[0] : h.std[c];
    scale[c] = 1 / (unit * std);
    shift[c] = mean / std;
  }
  const n = src.height * src.width * channels;
  for (let i = 0; i < n; i += channels) {
    for (let c = 0; c < channels; c++) d[dst.offset + i + c] = s[src.offset + i + c] * scale[c] - shift[c];
  }
}

/** dst = src with the rectangle (clipped to the image) set to the value or to seeded normal noise (torchvision erase). */
export function erase(src: Region, dst: Region, h: EraseParams): void {
  copy(src, dst);
  const d = dst.data;
  const unit = unitOf(d);
  const channels = dst.channels;
  const { top, left, bottom, right } = eraseRegion(h, dst.height, dst.width);
  const noise = h.noiseSeed === null ? null : new Random(h.noiseSeed);
  const values = Array.isArray(h.value) ? h.value : [h.value];
  for (let y = top; y < bottom; y++) {
    let o = dst.offset + (y * dst.width + left) * channels;
    for (let x = left; x < right; x++) {
      for (let c = 0; c < channels; c++) d[o++] = unit * (noise === null ? values[values.length === 1 ? 0 : c] : noise.nextNormal());
    }
  }
}

/** dst = src + eigvec·(alphas ⊙ eigval) on every RGB pixel (AlexNet lighting; bytes clamp, floats do not). */
export function pcaLighting(src: Region, dst: Region, h: PcaLightingParams): void {
  const s = src.data;
  const d = dst.data;
  const unit = unitOf(d);
  const [r, g, b] = pcaLightingOffsets(h).map((v) => v * unit);
  const n = src.height * src.width * 3;
  for (let i = 0; i < n; i += 3) {
    d[dst.offset + i] = s[src.offset + i] + r;
    d[dst.offset + i + 1] = s[src.offset + i + 1] + g;
    d[dst.offset + i + 2] = s[src.offset + i + 2] + b;
  }
}
