import { GRAYSCALE_WEIGHTS } from '@descent/core';
import { unitOf, type Region } from './storage';

// Every kernel here reads and writes the same kind of storage (both float or both bytes);
// src and dst may be the same region.

const [WR, WG, WB] = GRAYSCALE_WEIGHTS;

const clamp = (v: number, hi: number): number => (v < 0 ? 0 : v > hi ? hi : v);
const size = (r: Region): number => r.height * r.width * r.channels;

/** dst = clamp(factor·src + (1 − factor)·grey(pixel)) (torchvision adjust_saturation); grey images are copied. */
export function adjustSaturation(src: Region, dst: Region, factor: number): void {
  if (src.channels === 1) return copy(src, dst);
  const s = src.data;
  const d = dst.data;
  const hi = unitOf(d);
  const keep = 1 - factor;
  const n = size(src);
  for (let i = 0; i < n; i += 3) {
    const r = s[src.offset + i];
    const g = s[src.offset + i + 1];
    const b = s[src.offset + i + 2];
    const grey = keep * (WR * r + WG * g + WB * b);
    d[dst.offset + i] = clamp(factor * r + grey, hi);
    d[dst.offset + i + 1] = clamp(factor * g + grey, hi);
    d[dst.offset + i + 2] = clamp(factor * b + grey, hi);
  }
}

/**
 * Rotates the hue by `factor` turns, as torchvision's adjust_hue does: RGB → HSV (hue in
 * [0, 1) from the max channel, saturation (max − min)/max, value max), hue shifted
 * modulo 1, back to RGB with each channel clamped to [0, 1]. Grey images are copied.
 */
export function adjustHue(src: Region, dst: Region, factor: number): void {
  if (src.channels === 1) return copy(src, dst);
  const s = src.data;
  const d = dst.data;
  const hi = unitOf(d);
  const n = size(src);
  for (let i = 0; i < n; i += 3) {
    const r = s[src.offset + i];
    const g = s[src.offset + i + 1];
    const b = s[src.offset + i + 2];
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    const range = max - min;
    const saturation = range / (range === 0 ? 1 : max);
    const divisor = range === 0 ? 1 : range;
    let h: number;
    if (max === r) h = (max - b) / divisor - (max - g) / divisor;
    else if (max === g) h = 2 + (max - r) / divisor - (max - b) / divisor;
    else h = 4 + (max - g) / divisor - (max - r) / divisor;
    h = (h / 6 + 1) % 1;
    h = (h + factor) % 1;
    if (h < 0) h += 1;
    const h6 = h * 6;
    const sector = Math.floor(h6);
    const f = h6 - sector;
    const p = clamp(max * (1 - saturation), hi);
    const q = clamp(max * (1 - saturation * f), hi);
    const t = clamp(max * (1 - saturation * (1 - f)), hi);
    const o = dst.offset + i;
    switch (sector % 6) {
      case 0: d[o] = max; d[o + 1] = t; d[o + 2] = p; break;
      case 1: d[o] = q; d[o + 1] = max; d[o + 2] = p; break;
      case 2: d[o] = p; d[o + 1] = max; d[o + 2] = t; break;
      case 3: d[o] = p; d[o + 1] = q; d[o + 2] = max; break;
      case 4: d[o] = t; d[o + 1] = p; d[o + 2] = max; break;
      default: d[o] = max; d[o + 1] = p; d[o + 2] = q;
    }
  }
}

/** dst (1 or 3 channels) = 0.2989 r + 0.587 g + 0.114 b of src (torchvision rgb_to_grayscale); grey src is copied or repeated. */
export function grayscale(src: Region, dst: Region): void {
  const s = src.data;
  const d = dst.data;
  const pixels = src.height * src.width;
  const out = dst.channels;
  for (let p = 0; p < pixels; p++) {
    const i = src.offset + p * src.channels;
    const grey = src.channels === 1 ? s[i] : WR * s[i] + WG * s[i + 1] + WB * s[i + 2];
    const o = dst.offset + p * out;
    for (let c = 0; c < out; c++) d[o + c] = grey;
  }
}

/** Copies src into dst (a no-op when they are the same region). */
export function copy(src: Region, dst: Region): void {
  if (src.data === dst.data && src.offset === dst.offset) return;
  dst.data.set(src.data.subarray(src.offset, src.offset + size(src)), dst.offset);
}
