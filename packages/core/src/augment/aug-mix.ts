import { DescentError } from '../errors';
import { closedUnitInterval, isPlainObject, type Check } from '../fields';
import type { ImageShape } from './image-shape';
import { augmentOutputShape, resolveAugmentOp, type AugmentOpConfig, type ResolvedAugmentOp } from './index';
import type { AugmentOpDefinition } from './op';

/**
 * `{ type: "augMix" }`: AugMix's blend (torchvision AugMix.forward with its draws explicit):
 * mix·x + Σᵢ weights[i]·chainᵢ(x), each chain a list of shape-keeping ops applied to x in order.
 */
export interface AugMixOpConfig {
  type: 'augMix';
  /** The augmentation chains, each a list of op configs that keep the image's shape. */
  chains: AugmentOpConfig[][];
  /** The weight of each chain's result, ≥ 0. */
  weights: number[];
  /** The weight of the original image, in [0, 1]; mix + Σ weights = 1. */
  mix: number;
}

/** The checked fields of an augMix op. */
export interface AugMixParams {
  readonly chains: AugmentOpConfig[][];
  readonly weights: number[];
  readonly mix: number;
}

/** How far mix + Σ weights may be from 1 (float32 draws recorded in JSON sum to 1 within this). */
export const AUG_MIX_WEIGHT_SUM_TOLERANCE = 1e-6;

const chainList: Check<AugmentOpConfig[][]> = {
  allowed: 'a non-empty array of chains, each an array of op configs',
  test: (v): v is AugmentOpConfig[][] => Array.isArray(v) && v.length > 0 && v.every((chain) => Array.isArray(chain) && chain.every(isPlainObject)),
};

const weightList: Check<number[]> = {
  allowed: 'an array of finite numbers ≥ 0',
  test: (v): v is number[] => Array.isArray(v) && v.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0),
};

/** The chains' ops, resolved and named by position. */
export function augMixChains(h: AugMixParams, where: string): ResolvedAugmentOp[][] {
  return h.chains.map((chain, i) => chain.map((op, j) => resolveAugmentOp(op, `${where}.chains[${i}][${j}]`)));
}

/** AugMix's blend of shape-keeping chains with the original image. */
export const augMix: AugmentOpDefinition<AugMixParams> = {
  type: 'augMix',
  kind: 'value',
  fields: { chains: { check: chainList }, weights: { check: weightList }, mix: { check: closedUnitInterval } },
  refine(h, where) {
    if (h.weights.length !== h.chains.length) throw new DescentError(`${where}.weights`, h.weights, `one weight per chain (${h.chains.length})`);
    const total = h.weights.reduce((sum, w) => sum + w, h.mix);
    if (Math.abs(total - 1) > AUG_MIX_WEIGHT_SUM_TOLERANCE) throw new DescentError(`${where}.weights`, h.weights, `weights that sum with mix (${h.mix}) to 1 (they sum to ${total})`);
    augMixChains(h, where);
  },
  outputShape(h, input: ImageShape, where) {
    augMixChains(h, where).forEach((chain, i) => {
      const out = chain.reduce((shape, op) => augmentOutputShape(op, shape), input);
      if (out.height !== input.height || out.width !== input.width || out.channels !== input.channels) {
        throw new DescentError(`${where}.chains[${i}]`, [out.height, out.width, out.channels], `ops that keep the image's shape [${input.height}, ${input.width}, ${input.channels}]`);
      }
    });
    return input;
  },
};
