import { boolean, DescentError, finite, integer, oneOf, positive, positiveInteger, resolveAugmentOp, resolveFields, sampleGamma, type Check, type Fields, type ImageShape, type Interpolation, type Random } from '@descent/core';
import { defineAugmentation, opConfig, type Augmentation } from './augmentation';
import { linspace, policyOps, policySpace, posterizeBins, type Magnitudes, type PolicyOpName } from './policies';

/** AugMix's ops in torchvision's order (draws pick by index); the last four only with allOps. */
export const AUG_MIX_OPS = ['ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Rotate', 'Posterize', 'Solarize', 'AutoContrast', 'Equalize', 'Brightness', 'Color', 'Contrast', 'Sharpness'] as const;

/** Bins of AugMix's magnitudes (torchvision's _PARAMETER_MAX); severity picks among the first ones. */
const BINS = 10;

/**
 * AugMix's magnitude space for an image (torchvision AugMix._augmentation_space with 10 bins):
 * RandAugment's, but for shifts of a third of the image and posterize bins of 4 bits down to 0.
 */
function augMixSpace(shape: ImageShape): Record<(typeof AUG_MIX_OPS)[number], Magnitudes> {
  const signed = (end: number) => ({ bins: linspace(0, end, BINS), signed: true });
  return {
    ...policySpace(false, BINS, shape),
    TranslateX: signed(shape.width / 3),
    TranslateY: signed(shape.height / 3),
    Posterize: { bins: posterizeBins(BINS, 4, 4), signed: false },
  };
}

/** A Dirichlet(alpha, …, alpha) draw of `n` weights: n Gamma(alpha) deviates over their sum. */
function dirichlet(random: Random, alpha: number, n: number): number[] {
  const gammas = Array.from({ length: n }, () => sampleGamma(random, alpha));
  const total = gammas.reduce((sum, g) => sum + g, 0);
  return gammas.map((g) => g / total);
}

const chainDepth: Check<number> = { allowed: 'an integer ≥ 1, or -1 for a depth drawn from 1‥3 per chain', test: (v): v is number => integer.test(v) && (v >= 1 || v === -1) };

/** Options of augMix (torchvision AugMix: severity, mixture_width, chain_depth, alpha, all_ops). */
export interface AugMixOptions {
  /** How many of the 10 magnitude bins a chain op draws from, 1‥10. Default 3. */
  severity?: number;
  /** Chains blended. Default 3. */
  mixtureWidth?: number;
  /** Ops per chain, or -1 (default) for a depth drawn uniformly from 1‥3 per chain. */
  chainDepth?: number;
  /** Concentration of the Beta and Dirichlet weights. Default 1. */
  alpha?: number;
  /** Also brightness, colour, contrast and sharpness (13 ops instead of 9). Default true. */
  allOps?: boolean;
  /** For shears, shifts and rotations. Default "bilinear" (torchvision's for AugMix). */
  interpolation?: Interpolation;
  /** Fill of shears, shifts and rotations, 0..1 units. Default 0. */
  fill?: number;
}

/**
 * AugMix (Hendrycks et al. 2020, torchvision's): mixtureWidth chains of 1‥3 random ops at
 * random magnitudes, blended with Dirichlet weights, then blended with the original by a
 * Beta draw — one `augMix` op holding every draw, so records replay it. Draws in
 * torchvision's order: Beta (as a 2-way Dirichlet), the chain weights, then per chain its
 * depth and per op its index, bin and sign. Images only: it refuses boxes, keypoints and
 * masks, as torchvision v2 does, since no target can follow a blend of warps.
 */
export function augMix(options: AugMixOptions = {}): Augmentation {
  const fields: Fields<Required<AugMixOptions>> = {
    severity: { default: 3, check: positiveInteger },
    mixtureWidth: { default: 3, check: positiveInteger },
    chainDepth: { default: -1, check: chainDepth },
    alpha: { default: 1, check: positive },
    allOps: { default: true, check: boolean },
    interpolation: { default: 'bilinear', check: oneOf<Interpolation>('bilinear', 'nearest') },
    fill: { default: 0, check: finite },
  };
  const h = resolveFields('augMix', fields, options, []);
  if (h.severity > BINS) throw new DescentError('augMix.severity', h.severity, `an integer in [1, ${BINS}]`);
  const names: readonly PolicyOpName[] = h.allOps ? AUG_MIX_OPS : AUG_MIX_OPS.slice(0, 9);
  return defineAugmentation({ type: 'augMix', ...h }, (shape, random) => {
    const [mix, rest] = dirichlet(random, h.alpha, 2);
    const weights = dirichlet(random, h.alpha, h.mixtureWidth).map((w) => w * rest);
    const magnitudes = augMixSpace(shape);
    const chains = weights.map(() => {
      const depth = h.chainDepth > 0 ? h.chainDepth : 1 + random.nextInt(3);
      return Array.from({ length: depth }, () => {
        const name = names[random.nextInt(names.length)] as (typeof AUG_MIX_OPS)[number];
        const { bins, signed } = magnitudes[name];
        let m = bins === null ? 0 : bins[random.nextInt(h.severity)];
        if (signed && random.nextInt(2) === 1) m = -m;
        return policyOps(name, m, h.interpolation, h.fill, 'augMix').map(opConfig);
      }).flat();
    });
    return [resolveAugmentOp({ type: 'augMix', chains, weights, mix }, 'augMix')];
  });
}
