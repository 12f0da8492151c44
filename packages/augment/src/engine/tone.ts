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
  if (s instanceof Uint8ClampedArray) {
    const table = new Uint8ClampedArray(256); // f stored as the image would store it: rounded half to even, clamped
    for (let v = 0; v < 256; v++) table[v] = f(v / 255) * 255;
    return lookUp(src, dst, table, 0);
  }
  const d = dst.data;
  for (let i = 0; i < n; i++) d[dst.offset + i] = f(s[src.offset + i]);
}

/** Bytes through per-channel tables (`stride` 256 per channel, or 0 for one table): dst = table[c·stride + src]. */
function lookUp(src: Region, dst: Region, table: Uint8ClampedArray, stride: number): void {
  const s = src.data;
  const d = dst.data;
  const { channels } = src;
  const n = valuesOf(src);
  const shift = dst.offset - src.offset;
  if (channels === 3) {
    const [g, b] = [stride, 2 * stride];
    for (let i = src.offset; i < src.offset + n; i += 3) {
      d[i + shift] = table[s[i]];
      d[i + shift + 1] = table[g + s[i + 1]];
      d[i + shift + 2] = table[b + s[i + 2]];
    }
    return;
  }
  for (let i = 0, c = 0; i < n; i++, c = c + 1 === channels ? 0 : c + 1) d[dst.offset + i] = table[c * stride + s[src.offset + i]];
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
  const s = src.data;
  const histograms = new Float64Array(256 * channels);
  for (let c = 0; c < channels; c++) {
    const base = c * 256;
    const end = src.offset + n;
    if (unit === 255) for (let i = src.offset + c; i < end; i += channels) histograms[base + s[i]]++;
    else for (let i = src.offset + c; i < end; i += channels) histograms[base + levelOf(s[i], unit)]++;
  }
  const tables = Array.from({ length: channels }, (_, c) => equalizeTable(histograms.subarray(c * 256, c * 256 + 256)));
  if (unit === 255) {
    const table = new Uint8ClampedArray(256 * channels);
    tables.forEach((t, c) => (t === null ? table.set(Uint8ClampedArray.from({ length: 256 }, (_, v) => v), c * 256) : table.set(t, c * 256)));
    return lookUp(src, dst, table, 256);
  }
  for (let c = 0; c < channels; c++) {
    const table = tables[c];
    for (let i = c; i < n; i += channels) dst.data[dst.offset + i] = table === null ? s[src.offset + i] : (table[levelOf(s[src.offset + i], unit)] / 255) * unit;
  }
}

/** Per channel: (x − min)/(max − min) clamped to [0, 1]; a flat channel is left alone (torchvision autocontrast). Bytes go through a table per channel. */
export function autocontrast(src: Region, dst: Region): void {
  const unit = unitOf(src.data);
  const { channels } = src;
  const n = valuesOf(src);
  const s = src.data;
  const lows = new Float64Array(channels);
  const highs = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = src.offset + c; i < src.offset + n; i += channels) {
      const v = s[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    [lows[c], highs[c]] = [lo / unit, hi / unit]; // the extremes of v / unit, as ÷ is monotonic
  }
  const stretch = (v: number, c: number) => {
    const [lo, hi] = [lows[c], highs[c]];
    return (hi === lo ? v : Math.min(1, Math.max(0, (v - lo) * (1 / (hi - lo))))) * unit;
  };
  if (unit === 255) {
    const table = new Uint8ClampedArray(256 * channels);
    for (let c = 0; c < channels; c++) for (let v = 0; v < 256; v++) table[c * 256 + v] = stretch(v / 255, c);
    return lookUp(src, dst, table, 256);
  }
  for (let i = 0, c = 0; i < n; i++, c = c + 1 === channels ? 0 : c + 1) dst.data[dst.offset + i] = stretch(s[src.offset + i], c);
}

/** dst (a different region) = src blended with its 3×3 [[1,1,1],[1,5,1],[1,1,1]]/13 smoothing, border pixels unsmoothed (torchvision adjust_sharpness). */
export function adjustSharpness(src: Region, dst: Region, { factor }: Params<'adjustSharpness'>): void {
  const unit = unitOf(src.data);
  const { height, width, channels } = src;
  const s = src.data;
  const out = dst.data;
  const row = width * channels;
  const keep = 1 - factor;
  const blend = (at: number, smooth: number) => Math.min(unit, Math.max(0, factor * s[at] + keep * smooth));
  for (let y = 0; y < height; y++) {
    const from = src.offset + y * row;
    const to = dst.offset + y * row;
    if (y === 0 || y === height - 1 || width < 3) {
      for (let k = 0; k < row; k++) out[to + k] = blend(from + k, s[from + k]);
      continue;
    }
    for (let k = 0; k < channels; k++) out[to + k] = blend(from + k, s[from + k]);
    for (let k = row - channels; k < row; k++) out[to + k] = blend(from + k, s[from + k]);
    for (let k = channels; k < row - channels; k++) {
      const at = from + k;
      const up = at - row;
      const down = at + row;
      const smooth = (5 * s[at] + s[at - channels] + s[at + channels] + s[up] + s[up - channels] + s[up + channels] + s[down] + s[down - channels] + s[down + channels]) / 13;
      out[to + k] = Math.min(unit, Math.max(0, factor * s[at] + keep * smooth));
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
