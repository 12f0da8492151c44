import { resolveFields, resolveAugmentOp, type Fields } from '@descent/core';
import { defineAugmentation, type Augmentation } from './augmentation';
import { probability } from './checks';

/** Options of the random flips. */
export interface RandomFlipOptions {
  /** Probability of flipping. Default 0.5. */
  p?: number;
}

const fields: Fields<Required<RandomFlipOptions>> = { p: { default: 0.5, check: probability } };

function randomFlip(type: 'randomHorizontalFlip' | 'randomVerticalFlip', op: 'flipLeftRight' | 'flipUpDown', options: RandomFlipOptions): Augmentation {
  const { p } = resolveFields(type, fields, options, []);
  const flip = resolveAugmentOp({ type: op }, type);
  return defineAugmentation({ type, p }, (_, random) => (random.nextFloat() < p ? [flip] : []));
}

/** Mirrors left and right with probability p (torchvision RandomHorizontalFlip). */
export const randomHorizontalFlip = (options: RandomFlipOptions = {}): Augmentation => randomFlip('randomHorizontalFlip', 'flipLeftRight', options);

/** Mirrors top and bottom with probability p (torchvision RandomVerticalFlip). */
export const randomVerticalFlip = (options: RandomFlipOptions = {}): Augmentation => randomFlip('randomVerticalFlip', 'flipUpDown', options);
