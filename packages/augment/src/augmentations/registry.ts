import { DescentError, isPlainObject } from '@descent/core';
import type { Augmentation, AugmentationConfig } from './augmentation';
import { colorJitter, randomGrayscale } from './color-jitter';
import { compose, oneOf, randomApply } from './combinators';
import { centerCrop, grayscale, normalize, pad, resize } from './fixed';
import { randomHorizontalFlip, randomVerticalFlip } from './flip';
import { pcaLighting } from './pca-lighting';
import { randomCrop } from './random-crop';
import { randomErasing } from './random-erasing';
import { randomResizedCrop } from './random-resized-crop';

type Options = Record<string, unknown>;

/** Every augmentation that takes only options, by config `type`. */
const SIMPLE: Readonly<Record<string, (options: never) => Augmentation>> = {
  randomHorizontalFlip,
  randomVerticalFlip,
  randomCrop,
  randomResizedCrop,
  colorJitter,
  randomGrayscale,
  randomErasing,
  pcaLighting,
  resize,
  centerCrop,
  pad,
  grayscale,
  normalize,
};

/** The combinators, whose config holds child configs in `augmentations`. */
const COMBINATORS: Readonly<Record<string, (children: Augmentation[], options: never) => Augmentation>> = {
  compose: (children) => compose(children),
  randomApply,
  oneOf,
};

/** Every config `type` augmentationFromConfig knows. */
export const augmentationTypes = [...Object.keys(SIMPLE), ...Object.keys(COMBINATORS)];

/**
 * Builds an augmentation from its JSON config (what `augmentation.config` gives), e.g.
 * `{ type: "compose", augmentations: [{ type: "randomCrop", size: 28, padding: 2 }] }`.
 */
export function augmentationFromConfig(config: unknown, where = 'augmentation'): Augmentation {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'an augmentation config such as { type: "randomHorizontalFlip" }');
  const { type, ...options } = config as AugmentationConfig & Options;
  if (typeof type === 'string' && Object.prototype.hasOwnProperty.call(SIMPLE, type)) return SIMPLE[type](options as never);
  if (typeof type === 'string' && Object.prototype.hasOwnProperty.call(COMBINATORS, type)) {
    const { augmentations, ...rest } = options;
    if (!Array.isArray(augmentations)) throw new DescentError(`${where}.augmentations`, augmentations, 'an array of augmentation configs');
    const children = augmentations.map((child, i) => augmentationFromConfig(child, `${where}.augmentations[${i}]`));
    return COMBINATORS[type](children, rest as never);
  }
  throw new DescentError(`${where}.type`, type, `one of ${augmentationTypes.map((t) => `"${t}"`).join(', ')}`);
}
