import { DescentError, resolveFields, type Fields, type ResolvedAugmentOp } from '@descent/core';
import { defineAugmentation, shapeAfter, type Augmentation } from './augmentation';
import { probability } from './checks';

function checkAugmentations(items: unknown, where: string): readonly Augmentation[] {
  if (!Array.isArray(items) || items.length === 0) throw new DescentError(where, items, 'a non-empty array of augmentations');
  items.forEach((item, i) => {
    if (typeof (item as Augmentation | null)?.sample !== 'function') {
      throw new DescentError(`${where}[${i}]`, item, 'an augmentation (e.g. randomCrop({ size: 28 })); build configs with augmentationFromConfig');
    }
  });
  return items as Augmentation[];
}

/** Each augmentation's ops, for the shape the previous ones leave. */
function sampleInSequence(items: readonly Augmentation[], shape: Parameters<Augmentation['sample']>[0], random: Parameters<Augmentation['sample']>[1]): ResolvedAugmentOp[] {
  const ops: ResolvedAugmentOp[] = [];
  let current = shape;
  for (const item of items) {
    const next = item.sample(current, random);
    current = shapeAfter(next, current);
    ops.push(...next);
  }
  return ops;
}

/** Applies augmentations one after another (torchvision Compose); one record lists every op. */
export function compose(augmentations: readonly Augmentation[]): Augmentation {
  const items = checkAugmentations(augmentations, 'compose');
  return defineAugmentation({ type: 'compose', augmentations: items.map((a) => a.config) }, (shape, random) => sampleInSequence(items, shape, random));
}

/** Applies the augmentations (in order) with probability p, else none (torchvision RandomApply). */
export function randomApply(augmentations: readonly Augmentation[], options: { p?: number } = {}): Augmentation {
  const items = checkAugmentations(augmentations, 'randomApply');
  const { p } = resolveFields('randomApply', { p: { default: 0.5, check: probability } }, options, []);
  return defineAugmentation({ type: 'randomApply', augmentations: items.map((a) => a.config), p }, (shape, random) =>
    random.nextFloat() < p ? sampleInSequence(items, shape, random) : [],
  );
}

/** Options of oneOf. */
export interface OneOfOptions {
  /** Relative weights of the choices (need not sum to 1). Default: equal. */
  weights?: number[] | null;
  /** Probability of applying a choice at all (albumentations OneOf). Default 1. */
  p?: number;
}

/** Applies one augmentation picked at random, by weight (torchvision RandomChoice, albumentations OneOf). */
export function oneOf(augmentations: readonly Augmentation[], options: OneOfOptions = {}): Augmentation {
  const items = checkAugmentations(augmentations, 'oneOf');
  const weightsCheck = {
    allowed: `null or ${items.length} numbers ≥ 0, not all 0`,
    test: (v: unknown): v is number[] | null =>
      v === null || (Array.isArray(v) && v.length === items.length && v.every((w) => typeof w === 'number' && w >= 0 && Number.isFinite(w)) && v.some((w) => w > 0)),
  };
  const fields: Fields<Required<OneOfOptions>> = { weights: { default: null, check: weightsCheck }, p: { default: 1, check: probability } };
  const h = resolveFields('oneOf', fields, options, []);
  const weights = h.weights ?? items.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  return defineAugmentation({ type: 'oneOf', augmentations: items.map((a) => a.config), ...h }, (shape, random) => {
    if (!(random.nextFloat() < h.p)) return [];
    const pick = random.nextFloat() * total;
    let k = 0;
    let reached = weights[0];
    while (k < items.length - 1 && pick >= reached) reached += weights[++k];
    return items[k].sample(shape, random);
  });
}
