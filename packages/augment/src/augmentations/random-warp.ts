import { boolean, elasticDisplacement, finite, oneOf, resolveAugmentOp, resolveFields, roundHalfEven, type Check, type Fields, type Interpolation } from '@descent/core';
import { defineAugmentation, type Augmentation } from './augmentation';
import { probability, range } from './checks';

/** Degrees: d ≥ 0 for [−d, d], or [low, high]. */
export type Degrees = number | [number, number];

const degrees: Check<Degrees> = {
  allowed: `a number ≥ 0 (for [−d, d]) or ${range(-360, 360).allowed}`,
  test: (v): v is Degrees => (typeof v === 'number' && Number.isFinite(v) && v >= 0) || range(-360, 360).test(v),
};
const rangeOf = (d: Degrees): [number, number] => (typeof d === 'number' ? [-d, d] : d);
const interpolation = { default: 'nearest' as Interpolation, check: oneOf<Interpolation>('bilinear', 'nearest') };

/** Options of randomRotation (torchvision RandomRotation). */
export interface RandomRotationOptions {
  /** The angle range in degrees (counter-clockwise positive). */
  degrees: Degrees;
  /** Default "nearest" (torchvision's). */
  interpolation?: Interpolation;
  /** Grow the output to hold the whole turned image. Default false. */
  expand?: boolean;
  /** Value of the uncovered corners, 0..1 units. Default 0. */
  fill?: number;
}

/** Turns each image by an angle uniform in `degrees` (torchvision RandomRotation). */
export function randomRotation(options: RandomRotationOptions): Augmentation {
  const fields: Fields<Required<RandomRotationOptions>> = { degrees: { check: degrees }, interpolation, expand: { default: false, check: boolean }, fill: { default: 0, check: finite } };
  const h = resolveFields('randomRotation', fields, options, []);
  const [low, high] = rangeOf(h.degrees);
  return defineAugmentation({ type: 'randomRotation', ...h }, (_, random) => [
    resolveAugmentOp({ type: 'rotate', angle: random.uniform(low, high), interpolation: h.interpolation, expand: h.expand, fill: h.fill }, 'randomRotation'),
  ]);
}

/** Options of randomAffine (torchvision RandomAffine). */
export interface RandomAffineOptions {
  /** The rotation range in degrees (clockwise positive, as torchvision's affine). */
  degrees: Degrees;
  /** Largest shift as fractions [of the width, of the height]; null for none. Default null. */
  translate?: [number, number] | null;
  /** The scale range [low, high]; null for 1. Default null. */
  scale?: [number, number] | null;
  /** Shear in degrees: s for x in [−s, s], [low, high] for x, or [xlow, xhigh, ylow, yhigh]; null for none. Default null. */
  shear?: number | [number, number] | [number, number, number, number] | null;
  /** Default "nearest". */
  interpolation?: Interpolation;
  /** Default 0. */
  fill?: number;
}

type Shear = Required<RandomAffineOptions>['shear'];

const shearSpec: Check<Shear> = {
  allowed: 'null, a number ≥ 0, or [low, high] / [xlow, xhigh, ylow, yhigh] with each low ≤ high in (−90, 90)',
  test: (v): v is Shear =>
    v === null ||
    (typeof v === 'number' && v >= 0 && v < 90) ||
    (Array.isArray(v) && (v.length === 2 || v.length === 4) && [0, 2].filter((k) => k < v.length).every((k) => range(-89.999, 89.999).test(v.slice(k, k + 2)))),
};

/**
 * A random affine map per image (torchvision RandomAffine.get_params): angle uniform in
 * `degrees`, shifts round(uniform(±fraction·side)) pixels, scale uniform in `scale`,
 * x shear (and y shear with four values) uniform in `shear`.
 */
export function randomAffine(options: RandomAffineOptions): Augmentation {
  const fields: Fields<Required<RandomAffineOptions>> = {
    degrees: { check: degrees },
    translate: { default: null, check: { allowed: `null or ${range(0, 1).allowed}`, test: (v): v is [number, number] | null => v === null || (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && x >= 0 && x <= 1)) } },
    scale: { default: null, check: { allowed: `null or ${range(0, Infinity, true).allowed}`, test: (v): v is [number, number] | null => v === null || range(0, Infinity, true).test(v) } },
    shear: { default: null, check: shearSpec },
    interpolation,
    fill: { default: 0, check: finite },
  };
  const h = resolveFields('randomAffine', fields, options, []);
  const [low, high] = rangeOf(h.degrees);
  const shear = h.shear === null ? null : typeof h.shear === 'number' ? [-h.shear, h.shear] : h.shear;
  return defineAugmentation({ type: 'randomAffine', ...h }, ({ height, width }, random) => {
    const angle = random.uniform(low, high);
    const shift = (fraction: number, side: number) => roundHalfEven(random.uniform(-fraction * side, fraction * side));
    const translate = h.translate === null ? [0, 0] : [shift(h.translate[0], width), shift(h.translate[1], height)];
    const scale = h.scale === null ? 1 : random.uniform(h.scale[0], h.scale[1]);
    const sx = shear === null ? 0 : random.uniform(shear[0], shear[1]);
    const sy = shear !== null && shear.length === 4 ? random.uniform(shear[2], shear[3]) : 0;
    return [resolveAugmentOp({ type: 'affine', angle, translate, scale, shear: [sx, sy], interpolation: h.interpolation, fill: h.fill }, 'randomAffine')];
  });
}

/** Options of randomPerspective (torchvision RandomPerspective). */
export interface RandomPerspectiveOptions {
  /** How far the corners may move, as a fraction of half the image's side. Default 0.5. */
  distortionScale?: number;
  /** Probability of applying it. Default 0.5. */
  p?: number;
  /** Default "bilinear". */
  interpolation?: Interpolation;
  /** Default 0. */
  fill?: number;
}

/**
 * Moves each corner of the image inward by a random whole number of pixels, up to
 * distortionScale of half the side (torchvision RandomPerspective.get_params: the draw for p
 * first, then x and y of each corner, top-left, top-right, bottom-right, bottom-left).
 */
export function randomPerspective(options: RandomPerspectiveOptions = {}): Augmentation {
  const fields: Fields<Required<RandomPerspectiveOptions>> = {
    distortionScale: { default: 0.5, check: probability },
    p: { default: 0.5, check: probability },
    interpolation: { default: 'bilinear', check: oneOf<Interpolation>('bilinear', 'nearest') },
    fill: { default: 0, check: finite },
  };
  const h = resolveFields('randomPerspective', fields, options, []);
  return defineAugmentation({ type: 'randomPerspective', ...h }, ({ height, width }, random) => {
    if (!(random.nextFloat() < h.p)) return [];
    const dx = Math.trunc(h.distortionScale * Math.floor(width / 2));
    const dy = Math.trunc(h.distortionScale * Math.floor(height / 2));
    const low = (d: number) => random.nextInt(d + 1);
    const high = (side: number, d: number) => side - d - 1 + random.nextInt(d + 1);
    const topLeft = [low(dx), low(dy)];
    const topRight = [high(width, dx), low(dy)];
    const bottomRight = [high(width, dx), high(height, dy)];
    const bottomLeft = [low(dx), high(height, dy)];
    const startpoints = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]];
    return [resolveAugmentOp({ type: 'perspective', startpoints, endpoints: [topLeft, topRight, bottomRight, bottomLeft], interpolation: h.interpolation, fill: h.fill }, 'randomPerspective')];
  });
}

/** Options of randomElastic (torchvision v2 ElasticTransform). */
export interface RandomElasticOptions {
  /** Strength of the displacement, in pixels: a for both axes or [ax, ay]. Default 50. */
  alpha?: number | [number, number];
  /** Smoothness: the σ of the Gaussian blurring the random field, s or [sx, sy] (both > 0, or both 0 for no blur). Default 5. */
  sigma?: number | [number, number];
  /** Default "bilinear" (torchvision's). */
  interpolation?: Interpolation;
  /** Default 0. */
  fill?: number;
}

const pairOrNumber = (v: unknown): [number, number] | null => {
  const pair = typeof v === 'number' ? [v, v] : v;
  return Array.isArray(pair) && pair.length === 2 && pair.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) ? [pair[0], pair[1]] : null;
};

/**
 * Moves pixels by a smooth random field (torchvision v2 ElasticTransform): per pixel, dx and
 * dy uniform in [−1, 1), blurred by a Gaussian of σ = sigma and scaled by alpha over the
 * side (see elasticDisplacement in @descent/core for the exact draws), then the image is
 * sampled there; masks follow nearest, and boxes and keypoints by torchvision v2's
 * approximate inverse (a point moves back by the displacement at its pixel). The op records
 * its displacement as a plain array (height × width × 2 numbers), so records stay JSON.
 */
export function randomElastic(options: RandomElasticOptions = {}): Augmentation {
  const fields: Fields<Required<RandomElasticOptions>> = {
    alpha: { default: 50, check: { allowed: 'a number ≥ 0 or [ax, ay], each ≥ 0', test: (v): v is number | [number, number] => pairOrNumber(v) !== null } },
    sigma: {
      default: 5,
      check: { allowed: 'a number ≥ 0 or [sx, sy], both > 0 or both 0', test: (v): v is number | [number, number] => { const s = pairOrNumber(v); return s !== null && (s[0] > 0) === (s[1] > 0); } },
    },
    interpolation: { default: 'bilinear', check: oneOf<Interpolation>('bilinear', 'nearest') },
    fill: { default: 0, check: finite },
  };
  const h = resolveFields('randomElastic', fields, options, []);
  const [alpha, sigma] = [pairOrNumber(h.alpha)!, pairOrNumber(h.sigma)!];
  return defineAugmentation({ type: 'randomElastic', ...h }, (shape, random) => [
    resolveAugmentOp({ type: 'elastic', displacement: Array.from(elasticDisplacement(shape, alpha, sigma, random)), interpolation: h.interpolation, fill: h.fill }, 'randomElastic'),
  ]);
}
