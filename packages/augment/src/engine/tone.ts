import { equalizeTable, gaussianKernel, roundHalfEven, type ResolvedAugmentOp } from '@descent/core';
import { unitOf, type Region } from './storage';

type Params<T extends ResolvedAugmentOp['type']> = Extract<ResolvedAugmentOp, { type: T }>['params'];

/** The 8-bit level of a stored value: round(v·255) clamped to 0..255 (a stored byte is its own level). */
const levelOf = (stored: number, unit: number) => (unit === 255 ? stored : Math.min(255, Math.max(0, roundHalfEven(stored * 255))));
const valuesOf = (r: Region) => r.height * r.width * r.channels;

/** dst = f(src / unit)·unit per value (in place allowed); bytes go through a 256-entry table of f. */
function pointwise(src: Region, dst: Region, f: (v: number) => number): void {
  const n = valuesOf(src);
  const s = src.data;
  const d = dst.data;
  if (s instanceof Uint8ClampedArray) {
    const table = new Float64Array(256);
    for (let v = 0; v < 256; v++) table[v] = f(v / 255) * 255;
    for (let i = 0; i < n; i++) d[dst.offset + i] = table[s[src.offset + i]];
    return;
  }
  for (let i = 0; i < n; i++) d[dst.offset + i] = f(s[src.offset + i]);
}

/** invert, solarize, posterize and adjustGamma: one value at a time. */
export function tone(src: Region, dst: Region, op: Extract<ResolvedAugmentOp, { type: 'invert' | 'solarize' | 'posterize' | 'adjustGamma' }>): void {
  const unit = unitOf(src.data);
  switch (op.type) {
    case 'invert':
      return pointwise(src, dst, (v) => 1 - v);
    case 'solarize':
      return pointwise(src, dst, (v) => (v >= op.params.threshold ? 1 - v : v));
    case 'posterize': {
      const mask = 256 - 2 ** (8 - op.params.bits);
      return pointwise(src, dst, (v) => (levelOf(v * unit, unit) & mask) / 255);
    }
    case 'adjustGamma': {
      const { gamma, gain } = op.params;
      return pointwise(src, dst, (v) => Math.min(1, Math.max(0, gain * v ** gamma)));
    }
  }
}

/** Per channel: its 8-bit histogram's equalization table applied to its levels (torchvision equalize). */
export function equalize(src: Region, dst: Region): void {
  const unit = unitOf(src.data);
  const { channels } = src;
  const n = valuesOf(src);
  for (let c = 0; c < channels; c++) {
    const histogram = new Float64Array(256);
    for (let i = c; i < n; i += channels) histogram[levelOf(src.data[src.offset + i], unit)]++;
    const table = equalizeTable(histogram);
    for (let i = c; i < n; i += channels) dst.data[dst.offset + i] = table === null ? src.data[src.offset + i] : (table[levelOf(src.data[src.offset + i], unit)] / 255) * unit;
  }
}

/** Per channel: (x − min)/(max − min) clamped to [0, 1]; a flat channel is left alone (torchvision autocontrast). */
export function autocontrast(src: Region, dst: Region): void {
  const unit = unitOf(src.data);
  const { channels } = src;
  const n = valuesOf(src);
  for (let c = 0; c < channels; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = c; i < n; i += channels) {
      lo = Math.min(lo, src.data[src.offset + i] / unit);
      hi = Math.max(hi, src.data[src.offset + i] / unit);
    }
    const scale = hi === lo ? 0 : 1 / (hi - lo);
    for (let i = c; i < n; i += channels) {
      const v = src.data[src.offset + i] / unit;
      dst.data[dst.offset + i] = (hi === lo ? v : Math.min(1, Math.max(0, (v - lo) * scale))) * unit;
    }
  }
}

/** dst (a different region) = src blended with its 3×3 [[1,1,1],[1,5,1],[1,1,1]]/13 smoothing, border pixels unsmoothed (torchvision adjust_sharpness). */
export function adjustSharpness(src: Region, dst: Region, { factor }: Params<'adjustSharpness'>): void {
  const unit = unitOf(src.data);
  const { height, width, channels } = src;
  const s = src.data;
  const row = width * channels;
  const interior = height > 2 && width > 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const at = src.offset + y * row + x * channels + c;
        let smooth = s[at];
        if (interior && y > 0 && y < height - 1 && x > 0 && x < width - 1) {
          const up = at - row;
          const down = at + row;
          smooth = (5 * s[at] + s[at - channels] + s[at + channels] + s[up] + s[up - channels] + s[up + channels] + s[down] + s[down - channels] + s[down + channels]) / 13;
        }
        dst.data[dst.offset + y * row + x * channels + c] = Math.min(unit, Math.max(0, factor * s[at] + (1 - factor) * smooth));
      }
    }
  }
}

/** Index i of an axis of length n after reflect padding (mirror without repeating the edge). */
const reflect = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);

/** dst (a different region) = src convolved with the separable Gaussian of torchvision's gaussian_blur, reflect padded. */
export function gaussianBlur(src: Region, dst: Region, { kernelSize, sigma }: Params<'gaussianBlur'>): void {
  const { height, width, channels } = src;
  const kx = gaussianKernel(kernelSize[0], sigma[0]);
  const ky = gaussianKernel(kernelSize[1], sigma[1]);
  const [hx, hy] = [(kernelSize[0] - 1) / 2, (kernelSize[1] - 1) / 2];
  const rows = new Float64Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let m = 0; m < kx.length; m++) sum += kx[m] * src.data[src.offset + (y * width + reflect(x + m - hx, width)) * channels + c];
        rows[(y * width + x) * channels + c] = sum;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let n = 0; n < ky.length; n++) sum += ky[n] * rows[(reflect(y + n - hy, height) * width + x) * channels + c];
        dst.data[dst.offset + (y * width + x) * channels + c] = sum;
      }
    }
  }
}

/** dst (in place allowed): output channel c is input channel permutation[c]. */
export function permuteChannels(src: Region, dst: Region, { permutation }: Params<'permuteChannels'>): void {
  const channels = src.channels;
  const pixel = new Float64Array(channels);
  for (let i = 0; i < valuesOf(src); i += channels) {
    for (let c = 0; c < channels; c++) pixel[c] = src.data[src.offset + i + permutation[c]];
    for (let c = 0; c < channels; c++) dst.data[dst.offset + i + c] = pixel[c];
  }
}
