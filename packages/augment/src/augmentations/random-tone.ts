import { finite, nonNegative, resolveAugmentOp, resolveFields, type Check, type Fields } from '@descent/core';
import { defineAugmentation, type Augmentation } from './augmentation';
import { probability, range } from './checks';

/** An op applied with probability p, torchvision's RandomInvert-style transforms. */
function withProbability(type: string, fields: Fields<Record<string, unknown>>, options: object, opOf: (h: Record<string, unknown>) => object): Augmentation {
  const h = resolveFields(type, { ...fields, p: { default: 0.5, check: probability } }, options, []);
  const op = resolveAugmentOp(opOf(h), type);
  return defineAugmentation({ type, ...h }, (_, random) => (random.nextFloat() < (h.p as number) ? [op] : []));
}

const bits: Check<number> = { allowed: 'an integer in [0, 8]', test: (v): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 8 };

/** 1 − x with probability p (default 0.5; torchvision RandomInvert). */
export const randomInvert = (options: { p?: number } = {}): Augmentation => withProbability('randomInvert', {}, options, () => ({ type: 'invert' }));
/** Posterize to `bits` with probability p (torchvision RandomPosterize). */
export const randomPosterize = (options: { bits: number; p?: number }): Augmentation =>
  withProbability('randomPosterize', { bits: { check: bits } }, options, (h) => ({ type: 'posterize', bits: h.bits }));
/** Solarize above `threshold` (0..1 units) with probability p (torchvision RandomSolarize). */
export const randomSolarize = (options: { threshold: number; p?: number }): Augmentation =>
  withProbability('randomSolarize', { threshold: { check: finite } }, options, (h) => ({ type: 'solarize', threshold: h.threshold }));
/** adjustSharpness by `sharpnessFactor` with probability p (torchvision RandomAdjustSharpness). */
export const randomAdjustSharpness = (options: { sharpnessFactor: number; p?: number }): Augmentation =>
  withProbability('randomAdjustSharpness', { sharpnessFactor: { check: nonNegative } }, options, (h) => ({ type: 'adjustSharpness', factor: h.sharpnessFactor }));
/** autocontrast with probability p (torchvision RandomAutocontrast). */
export const randomAutocontrast = (options: { p?: number } = {}): Augmentation => withProbability('randomAutocontrast', {}, options, () => ({ type: 'autocontrast' }));
/** equalize with probability p (torchvision RandomEqualize). */
export const randomEqualize = (options: { p?: number } = {}): Augmentation => withProbability('randomEqualize', {}, options, () => ({ type: 'equalize' }));

/** Options of gaussianBlur (torchvision GaussianBlur). */
export interface GaussianBlurOptions {
  /** Odd size n (n × n) or [kx, ky]. */
  kernelSize: number | [number, number];
  /** σ drawn uniformly from [low, high] per image, the same along both axes. Default [0.1, 2]. */
  sigma?: [number, number];
}

const kernelSize: Check<number | [number, number]> = {
  allowed: 'an odd integer ≥ 1 or [kx, ky] of such',
  test: (v): v is number | [number, number] => {
    const odd = (x: unknown) => Number.isInteger(x) && (x as number) >= 1 && (x as number) % 2 === 1;
    return odd(v) || (Array.isArray(v) && v.length === 2 && v.every(odd));
  },
};

/** Blurs each image with a Gaussian of a random σ (torchvision GaussianBlur). */
export function gaussianBlur(options: GaussianBlurOptions): Augmentation {
  const fields: Fields<Required<GaussianBlurOptions>> = { kernelSize: { check: kernelSize }, sigma: { default: [0.1, 2], check: range(0, Infinity, true) } };
  const h = resolveFields('gaussianBlur', fields, options, []);
  const size = typeof h.kernelSize === 'number' ? [h.kernelSize, h.kernelSize] : h.kernelSize;
  return defineAugmentation({ type: 'gaussianBlur', ...h }, (_, random) => {
    const sigma = random.uniform(h.sigma[0], h.sigma[1]);
    return [resolveAugmentOp({ type: 'gaussianBlur', kernelSize: size, sigma: [sigma, sigma] }, 'gaussianBlur')];
  });
}

/** Shuffles the channels of each image (a uniformly random permutation; torchvision v2 RandomChannelPermutation). */
export function randomChannelPermutation(options: object = {}): Augmentation {
  resolveFields('randomChannelPermutation', {}, options, []);
  return defineAugmentation({ type: 'randomChannelPermutation' }, ({ channels }, random) => {
    const permutation = Array.from({ length: channels }, (_, c) => c);
    for (let i = channels - 1; i > 0; i--) {
      const j = random.nextInt(i + 1);
      [permutation[i], permutation[j]] = [permutation[j], permutation[i]];
    }
    return [resolveAugmentOp({ type: 'permuteChannels', permutation }, 'randomChannelPermutation')];
  });
}
