import { DescentError, nonNegativeInteger, oneOf, positiveInteger, resolveAugmentOp, resolveFields, finite, roundHalfEven, type Fields, type ImageShape, type Interpolation, type Random, type ResolvedAugmentOp } from '@descent/core';
import { defineAugmentation, type Augmentation } from './augmentation';

/** The ops of torchvision's RandAugment and TrivialAugmentWide, in their order (draws pick by index). */
export const POLICY_OPS = ['Identity', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Rotate', 'Brightness', 'Color', 'Contrast', 'Sharpness', 'Posterize', 'Solarize', 'AutoContrast', 'Equalize'] as const;
/** The name of a policy op, as torchvision spells it (Invert is AutoAugment's only). */
export type PolicyOpName = (typeof POLICY_OPS)[number] | 'Invert';

/** An op's magnitude bins (null for none) and whether its sign is drawn. */
export interface Magnitudes {
  readonly bins: readonly number[] | null;
  readonly signed: boolean;
}

/** torch.linspace(start, end, n) in float64. */
export const linspace = (start: number, end: number, n: number) => Array.from({ length: n }, (_, i) => (n === 1 ? start : start + ((end - start) * i) / (n - 1)));
/** torchvision's posterize bins: top − round(i / ((n − 1)/spread)), rounded half to even. */
export const posterizeBins = (n: number, spread: number, top = 8) => Array.from({ length: n }, (_, i) => top - roundHalfEven(n === 1 ? 0 : i / ((n - 1) / spread)));

/** The magnitude space of RandAugment (or, wide, TrivialAugmentWide; with n = 10, AutoAugment) for an image (torchvision _augmentation_space). */
export function policySpace(wide: boolean, n: number, { height, width }: ImageShape): Record<PolicyOpName, Magnitudes> {
  const none = { bins: null, signed: false };
  const signed = (end: number) => ({ bins: linspace(0, end, n), signed: true });
  return {
    Identity: none,
    ShearX: signed(wide ? 0.99 : 0.3),
    ShearY: signed(wide ? 0.99 : 0.3),
    TranslateX: signed(wide ? 32 : (150 / 331) * width),
    TranslateY: signed(wide ? 32 : (150 / 331) * height),
    Rotate: signed(wide ? 135 : 30),
    Brightness: signed(wide ? 0.99 : 0.9),
    Color: signed(wide ? 0.99 : 0.9),
    Contrast: signed(wide ? 0.99 : 0.9),
    Sharpness: signed(wide ? 0.99 : 0.9),
    Posterize: { bins: posterizeBins(n, wide ? 6 : 4), signed: false },
    Solarize: { bins: linspace(255, 0, n), signed: false },
    AutoContrast: none,
    Equalize: none,
    Invert: none,
  };
}

/**
 * One policy op as this library's ops (torchvision _apply_op): shears are affine maps about
 * the top-left corner by atan(m) degrees, shifts truncate to whole pixels, colour factors are
 * 1 + m, and the solarize threshold m (0‥255) is m/255 in 0..1 units.
 */
export function policyOps(name: PolicyOpName, m: number, interpolation: Interpolation = 'nearest', fill = 0, where = 'policyOps'): ResolvedAugmentOp[] {
  const affine = (fields: object) => [resolveAugmentOp({ type: 'affine', angle: 0, interpolation, fill, ...fields }, where)];
  const op = (config: object) => [resolveAugmentOp(config, where)];
  const degrees = (Math.atan(m) * 180) / Math.PI;
  switch (name) {
    case 'Identity':
      return [];
    case 'ShearX':
      return affine({ shear: [degrees, 0], center: [0, 0] });
    case 'ShearY':
      return affine({ shear: [0, degrees], center: [0, 0] });
    case 'TranslateX':
      return affine({ translate: [Math.trunc(m), 0] });
    case 'TranslateY':
      return affine({ translate: [0, Math.trunc(m)] });
    case 'Rotate':
      return op({ type: 'rotate', angle: m, interpolation, fill });
    case 'Brightness':
      return op({ type: 'adjustBrightness', factor: 1 + m });
    case 'Color':
      return op({ type: 'adjustSaturation', factor: 1 + m });
    case 'Contrast':
      return op({ type: 'adjustContrast', factor: 1 + m });
    case 'Sharpness':
      return op({ type: 'adjustSharpness', factor: 1 + m });
    case 'Posterize':
      return op({ type: 'posterize', bits: Math.trunc(m) });
    case 'Solarize':
      return op({ type: 'solarize', threshold: m / 255 });
    case 'AutoContrast':
      return op({ type: 'autocontrast' });
    case 'Equalize':
      return op({ type: 'equalize' });
    case 'Invert':
      return op({ type: 'invert' });
  }
}

/** Draws one policy op: its index, then (TrivialAugmentWide) its bin, then its sign. */
function drawOp(magnitudesOf: Record<PolicyOpName, Magnitudes>, bin: number | null, random: Random): [PolicyOpName, number] {
  const name = POLICY_OPS[random.nextInt(POLICY_OPS.length)];
  const { bins, signed } = magnitudesOf[name];
  let m = bins === null ? 0 : bins[bin ?? random.nextInt(bins.length)];
  if (signed && random.nextInt(2) === 1) m = -m;
  return [name, m];
}

/** The interpolation field of the policies (torchvision's default for all but AugMix: nearest). */
export const interpolation = { default: 'nearest' as Interpolation, check: oneOf<Interpolation>('bilinear', 'nearest') };

/** Options of randAugment (torchvision RandAugment). */
export interface RandAugmentOptions {
  /** Ops applied in sequence. Default 2. */
  numOps?: number;
  /** The bin of every op's magnitude, 0 ≤ magnitude < numMagnitudeBins. Default 9. */
  magnitude?: number;
  /** Default 31. */
  numMagnitudeBins?: number;
  /** For shears, shifts and rotations. Default "nearest". */
  interpolation?: Interpolation;
  /** Fill of shears, shifts and rotations, 0..1 units. Default 0. */
  fill?: number;
}

/**
 * RandAugment (Cubuk et al. 2020, torchvision's): numOps ops drawn uniformly from 14, each at
 * the fixed magnitude bin with a random sign. Geometric ops move boxes, keypoints and masks
 * in augmentSample like any other.
 */
export function randAugment(options: RandAugmentOptions = {}): Augmentation {
  const fields: Fields<Required<RandAugmentOptions>> = {
    numOps: { default: 2, check: nonNegativeInteger },
    magnitude: { default: 9, check: nonNegativeInteger },
    numMagnitudeBins: { default: 31, check: positiveInteger },
    interpolation,
    fill: { default: 0, check: finite },
  };
  const h = resolveFields('randAugment', fields, options, []);
  if (h.magnitude >= h.numMagnitudeBins) throw new DescentError('randAugment.magnitude', h.magnitude, `an integer below numMagnitudeBins (${h.numMagnitudeBins})`);
  return defineAugmentation({ type: 'randAugment', ...h }, (shape, random) => {
    const magnitudes = policySpace(false, h.numMagnitudeBins, shape);
    const ops: ResolvedAugmentOp[] = [];
    for (let k = 0; k < h.numOps; k++) ops.push(...policyOps(...drawOp(magnitudes, h.magnitude, random), h.interpolation, h.fill, 'randAugment'));
    return ops;
  });
}

/** Options of trivialAugmentWide (torchvision TrivialAugmentWide). */
export interface TrivialAugmentWideOptions {
  /** Default 31. */
  numMagnitudeBins?: number;
  /** Default "nearest". */
  interpolation?: Interpolation;
  /** Default 0. */
  fill?: number;
}

/** TrivialAugment (Müller & Hutter 2021, torchvision's wide space): one op of 14, a uniformly drawn magnitude bin and sign. */
export function trivialAugmentWide(options: TrivialAugmentWideOptions = {}): Augmentation {
  const fields: Fields<Required<TrivialAugmentWideOptions>> = { numMagnitudeBins: { default: 31, check: positiveInteger }, interpolation, fill: { default: 0, check: finite } };
  const h = resolveFields('trivialAugmentWide', fields, options, []);
  return defineAugmentation({ type: 'trivialAugmentWide', ...h }, (shape, random) =>
    policyOps(...drawOp(policySpace(true, h.numMagnitudeBins, shape), null, random), h.interpolation, h.fill, 'trivialAugmentWide'),
  );
}
