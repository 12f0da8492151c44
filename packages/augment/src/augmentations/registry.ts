import { DescentError, isPlainObject } from '@descent/core';
import type { Augmentation } from './augmentation';
import { colorJitter, randomGrayscale } from './color-jitter';
import { compose, oneOf, randomApply } from './combinators';
import { centerCrop, grayscale, normalize, pad, resize } from './fixed';
import { randomHorizontalFlip, randomVerticalFlip } from './flip';
import { pcaLighting } from './pca-lighting';
import { randomCrop } from './random-crop';
import { randomErasing } from './random-erasing';
import { randomResizedCrop } from './random-resized-crop';
import { randomAffine, randomElastic, randomPerspective, randomRotation } from './random-warp';
import { randAugment, trivialAugmentWide } from './policies';
import { autoAugment } from './auto-augment';
import { augMix } from './aug-mix';
import { gaussianBlur, randomAdjustSharpness, randomAutocontrast, randomChannelPermutation, randomEqualize, randomInvert, randomPosterize, randomSolarize } from './random-tone';

/**
 * The builders, as methods of a registry. Each builder checks its options itself
 * (resolveFields: every field, the required ones, no unknown ones), so the registry hands it
 * a config's fields as they came, while each keeps its own typed options for direct callers
 * (a method's parameters are compared both ways).
 */
interface Builders {
  /** An augmentation from the fields of its config. */
  simple(options: object): Augmentation;
  /** A combinator from its children and the rest of its config's fields. */
  combinator(children: Augmentation[], options: object): Augmentation;
}

/** Every augmentation that takes only options, by config `type`. */
const SIMPLE: Readonly<Record<string, Builders['simple']>> = {
  randomHorizontalFlip,
  randomVerticalFlip,
  randomCrop,
  randomResizedCrop,
  randomRotation,
  randomAffine,
  randomPerspective,
  randomElastic,
  randAugment,
  trivialAugmentWide,
  autoAugment,
  augMix,
  randomInvert,
  randomPosterize,
  randomSolarize,
  randomAdjustSharpness,
  randomAutocontrast,
  randomEqualize,
  gaussianBlur,
  randomChannelPermutation,
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
const COMBINATORS: Readonly<Record<string, Builders['combinator']>> = {
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
  const { type, ...options } = config;
  if (typeof type === 'string' && Object.prototype.hasOwnProperty.call(SIMPLE, type)) return SIMPLE[type](options);
  if (typeof type === 'string' && Object.prototype.hasOwnProperty.call(COMBINATORS, type)) {
    const { augmentations, ...rest } = options;
    if (!Array.isArray(augmentations)) throw new DescentError(`${where}.augmentations`, augmentations, 'an array of augmentation configs');
    const children = augmentations.map((child, i) => augmentationFromConfig(child, `${where}.augmentations[${i}]`));
    return COMBINATORS[type](children, rest);
  }
  throw new DescentError(`${where}.type`, type, `one of ${augmentationTypes.map((t) => `"${t}"`).join(', ')}`);
}
