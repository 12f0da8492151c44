import { resolveAugmentOp, type ResolvedAugmentOp } from '@descent/core';
import { asBatch, checkFinitePixels, isBatch, type Image, type ImageBatch } from '../image';
import { pixelKindOf, runPlans } from './execute';
import { planOps, type Plan } from './plan';

/** Returns a result batch as the kind of the input: a batch for a batch, an image for an image. */
export function sameKind(input: Image, result: ImageBatch): Image | ImageBatch {
  if (isBatch(input)) return result;
  const { data, height, width, channels } = result;
  return { data, height, width, channels };
}

/** Resolves op configs, naming each by its position in errors. */
export function resolveOps(configs: readonly unknown[], where: string): ResolvedAugmentOp[] {
  return configs.map((config, i) => resolveAugmentOp(config, `${where}[${i}]`));
}

/**
 * Applies per-image op lists (`opsOf(i)` for image i) to an input, after checking the
 * input (shape, finite pixels) and planning every image, so bad input changes nothing.
 */
export function applyPerImage(input: Image, opsOf: (index: number) => readonly ResolvedAugmentOp[], where: string): ImageBatch {
  const batch = asBatch(input, where);
  checkFinitePixels(batch.data, `${where}.data`);
  const kind = pixelKindOf(batch.data);
  const plans: Plan[] = [];
  for (let i = 0; i < batch.count; i++) plans.push(planOps(opsOf(i), batch, kind));
  return runPlans(batch, plans, where);
}

/** Applies the same ops to every image of an input. */
export function applyShared(input: Image, ops: readonly ResolvedAugmentOp[], where: string): ImageBatch {
  const batch = asBatch(input, where);
  checkFinitePixels(batch.data, `${where}.data`);
  return runPlans(batch, [planOps(ops, batch, pixelKindOf(batch.data))], where);
}
