import { DescentError } from '../errors';
import { finite, nonNegative, type Check } from '../fields';
import { checkChannels, type ImageShape } from './image-shape';
import type { AugmentOpDefinition } from './op';

/** `{ type: "invert" }`: 1 − x (torchvision invert). */
export interface InvertOpConfig {
  type: 'invert';
}

/** `{ type: "solarize" }`: x ≥ threshold becomes 1 − x (torchvision solarize, threshold in 0..1 units). */
export interface SolarizeOpConfig {
  type: 'solarize';
  threshold: number;
}

/** `{ type: "posterize" }`: keeps the top `bits` bits of each 8-bit level (torchvision posterize). */
export interface PosterizeOpConfig {
  type: 'posterize';
  bits: number;
}

/** `{ type: "equalize" }`: histogram equalization of each channel's 8-bit levels (torchvision equalize). */
export interface EqualizeOpConfig {
  type: 'equalize';
}

/** `{ type: "autocontrast" }`: stretches each channel to [0, 1] by its minimum and maximum (torchvision autocontrast). */
export interface AutocontrastOpConfig {
  type: 'autocontrast';
}

/** `{ type: "adjustGamma" }`: gain·x^gamma, clamped to [0, 1] (torchvision adjust_gamma). */
export interface AdjustGammaOpConfig {
  type: 'adjustGamma';
  gamma: number;
  /** Default 1. */
  gain?: number;
}

/** `{ type: "adjustSharpness" }`: blends with PIL's 3×3 smoothing filter (border pixels kept): factor 0 blurs, 1 keeps, 2 sharpens. */
export interface AdjustSharpnessOpConfig {
  type: 'adjustSharpness';
  factor: number;
}

/** `{ type: "gaussianBlur" }`: separable Gaussian with reflect padding (torchvision gaussian_blur). */
export interface GaussianBlurOpConfig {
  type: 'gaussianBlur';
  /** [kx, ky]: odd sizes across columns and down rows. */
  kernelSize: [number, number];
  /** [sx, sy], each > 0. */
  sigma: [number, number];
}

/** `{ type: "permuteChannels" }`: output channel c is input channel permutation[c] (torchvision v2 permute_channels). */
export interface PermuteChannelsOpConfig {
  type: 'permuteChannels';
  permutation: number[];
}

/** The resolved fields of the tone ops. */
export type SolarizeParams = Omit<SolarizeOpConfig, 'type'>;
export type PosterizeParams = Omit<PosterizeOpConfig, 'type'>;
export type AdjustGammaParams = Required<Omit<AdjustGammaOpConfig, 'type'>>;
export type SharpnessParams = Omit<AdjustSharpnessOpConfig, 'type'>;
export type GaussianBlurParams = Omit<GaussianBlurOpConfig, 'type'>;
export type PermuteChannelsParams = Omit<PermuteChannelsOpConfig, 'type'>;

const same = (_: unknown, input: ImageShape): ImageShape => input;
const colour = (_: unknown, input: ImageShape, where: string): ImageShape => {
  checkChannels(input, [1, 3], where);
  return input;
};
const isPair = (v: unknown, test: (x: number) => boolean): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && test(x));
const oddSizes: Check<[number, number]> = { allowed: '[kx, ky], odd integers ≥ 1', test: (v): v is [number, number] => isPair(v, (x) => Number.isInteger(x) && x >= 1 && x % 2 === 1) };
const sigmas: Check<[number, number]> = { allowed: '[sx, sy], each a finite number > 0', test: (v): v is [number, number] => isPair(v, (x) => Number.isFinite(x) && x > 0) };
const bits: Check<number> = { allowed: 'an integer in [0, 8]', test: (v): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 8 };
const permutation: Check<number[]> = {
  allowed: 'a permutation of 0…channels − 1, e.g. [2, 1, 0]',
  test: (v): v is number[] => Array.isArray(v) && v.length > 0 && [...v].sort((a, b) => a - b).every((x, i) => x === i),
};

/** torchvision's invert. */
export const invert: AugmentOpDefinition<Record<string, never>> = { type: 'invert', kind: 'value', fields: {}, outputShape: same };
/** torchvision's solarize. */
export const solarize: AugmentOpDefinition<SolarizeParams> = { type: 'solarize', kind: 'value', fields: { threshold: { check: finite } }, outputShape: same };
/** torchvision's posterize (on 8-bit levels round(x·255)). */
export const posterize: AugmentOpDefinition<PosterizeParams> = { type: 'posterize', kind: 'value', fields: { bits: { check: bits } }, outputShape: same };
/** torchvision's equalize (on 8-bit levels). */
export const equalize: AugmentOpDefinition<Record<string, never>> = { type: 'equalize', kind: 'value', fields: {}, outputShape: colour };
/** torchvision's autocontrast. */
export const autocontrast: AugmentOpDefinition<Record<string, never>> = { type: 'autocontrast', kind: 'value', fields: {}, outputShape: colour };
/** torchvision's adjust_gamma. */
export const adjustGamma: AugmentOpDefinition<AdjustGammaParams> = {
  type: 'adjustGamma',
  kind: 'value',
  fields: { gamma: { check: nonNegative }, gain: { default: 1, check: finite } },
  outputShape: same,
};
/** torchvision's adjust_sharpness. */
export const adjustSharpness: AugmentOpDefinition<SharpnessParams> = { type: 'adjustSharpness', kind: 'value', fields: { factor: { check: nonNegative } }, outputShape: colour };
/** torchvision's gaussian_blur (torch needs kx//2 < width and ky//2 < height for its reflect padding). */
export const gaussianBlur: AugmentOpDefinition<GaussianBlurParams> = {
  type: 'gaussianBlur',
  kind: 'value',
  fields: { kernelSize: { check: oddSizes }, sigma: { check: sigmas } },
  outputShape(h, input, where) {
    const [kx, ky] = h.kernelSize;
    if (Math.floor(kx / 2) >= input.width || Math.floor(ky / 2) >= input.height) {
      throw new DescentError(`${where}.kernelSize`, h.kernelSize, `sizes whose half is below the image's [${input.width}, ${input.height}] (reflect padding)`);
    }
    return input;
  },
};
/** torchvision v2's permute_channels. */
export const permuteChannels: AugmentOpDefinition<PermuteChannelsParams> = {
  type: 'permuteChannels',
  kind: 'value',
  fields: { permutation: { check: permutation } },
  outputShape(h, input, where) {
    if (h.permutation.length !== input.channels) throw new DescentError(`${where}.permutation`, h.permutation, `a permutation of the image's ${input.channels} channels`);
    return input;
  },
};

/** The normalised 1-D Gaussian of torchvision's gaussian_blur: exp(−½((n − (k−1)/2)/σ)²), n = 0…k−1, summing to 1. */
export function gaussianKernel(size: number, sigma: number): Float64Array {
  const half = (size - 1) / 2;
  const k = Float64Array.from({ length: size }, (_, n) => Math.exp(-0.5 * ((n - half) / sigma) ** 2));
  const total = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / total);
}

/**
 * The lookup table of torchvision's equalize for one channel's histogram of 8-bit levels
 * (null when the channel is left unchanged: step = ⌊(N − count of the highest level)/255⌋ is 0).
 */
export function equalizeTable(histogram: ArrayLike<number>): Uint8Array | null {
  let total = 0;
  let last = 0;
  for (let v = 0; v < 256; v++) {
    total += histogram[v];
    if (histogram[v] > 0) last = v;
  }
  const step = Math.floor((total - histogram[last]) / 255);
  if (step === 0) return null;
  const table = new Uint8Array(256);
  let below = 0;
  for (let v = 0; v < 256; v++) {
    table[v] = Math.min(255, Math.floor((below + Math.floor(step / 2)) / step));
    below += histogram[v];
  }
  return table;
}
