import { resolveAugmentOp, resolveFields, type Fields, type ResolvedAugmentOp } from '@descent/core';
import { defineAugmentation, type Augmentation } from './augmentation';
import { factorJitter, hueJitter, probability } from './checks';

type Strength = number | [number, number] | null;

/** Options of colorJitter (torchvision ColorJitter). */
export interface ColorJitterOptions {
  /** s: brightness factor uniform in [max(0, 1 − s), 1 + s]; or [low, high]. Default null (off). */
  brightness?: Strength;
  /** s: contrast factor uniform in [max(0, 1 − s), 1 + s]; or [low, high]. Default null. */
  contrast?: Strength;
  /** s: saturation factor uniform in [max(0, 1 − s), 1 + s]; or [low, high]. Default null. */
  saturation?: Strength;
  /** s ∈ [0, 0.5]: hue shift uniform in [−s, s]; or [low, high] within [−0.5, 0.5]. Default null. */
  hue?: Strength;
}

const fields: Fields<Required<ColorJitterOptions>> = {
  brightness: { default: null, check: factorJitter },
  contrast: { default: null, check: factorJitter },
  saturation: { default: null, check: factorJitter },
  hue: { default: null, check: hueJitter },
};

const ADJUSTMENTS = ['adjustBrightness', 'adjustContrast', 'adjustSaturation', 'adjustHue'] as const;

/** The factor range of a strength around `centre`, cut at `floor` (null when off or when it can only give the identity). */
function factorRange(strength: Strength, centre: number, floor: number): [number, number] | null {
  if (strength === null) return null;
  const [low, high] = typeof strength === 'number' ? [Math.max(floor, centre - strength), centre + strength] : strength;
  return low === centre && high === centre ? null : [low, high];
}

/**
 * Random brightness, contrast, saturation and hue changes in a random order, as
 * torchvision's ColorJitter samples them: a random permutation of the four, then one
 * uniform factor for each one switched on.
 */
export function colorJitter(options: ColorJitterOptions): Augmentation {
  const h = resolveFields('colorJitter', fields, options, []);
  const ranges = [factorRange(h.brightness, 1, 0), factorRange(h.contrast, 1, 0), factorRange(h.saturation, 1, 0), factorRange(h.hue, 0, -0.5)];
  return defineAugmentation({ type: 'colorJitter', ...h }, (_, random) => {
    const order = random.shuffle([0, 1, 2, 3]);
    const factors = ranges.map((r) => (r === null ? null : random.uniform(r[0], r[1])));
    const ops: ResolvedAugmentOp[] = [];
    for (const k of order) {
      const factor = factors[k];
      if (factor !== null) ops.push(resolveAugmentOp({ type: ADJUSTMENTS[k], factor }, 'colorJitter'));
    }
    return ops;
  });
}

/** Options of randomGrayscale. */
export interface RandomGrayscaleOptions {
  /** Probability of turning the image grey. Default 0.1. */
  p?: number;
}

/** Turns the image grey with probability p, keeping its channel count (torchvision RandomGrayscale). */
export function randomGrayscale(options: RandomGrayscaleOptions = {}): Augmentation {
  const { p } = resolveFields('randomGrayscale', { p: { default: 0.1, check: probability } }, options, []);
  return defineAugmentation({ type: 'randomGrayscale', p }, (shape, random) =>
    random.nextFloat() < p ? [resolveAugmentOp({ type: 'grayscale', channels: shape.channels }, 'randomGrayscale')] : [],
  );
}
