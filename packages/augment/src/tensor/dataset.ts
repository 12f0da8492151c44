import * as tf from '@tensorflow/tfjs';
import { DescentError, Random } from '@descent/core';
import type { Augmentation } from '../augmentations/augmentation';
import { augmentTensor } from './augment-tensor';

/** Options of augmentDataset. */
export interface DatasetAugmentOptions {
  /** Seed of the generator the map draws from. Default 0. */
  seed?: number;
  /** For elements that are objects ({ xs, ys }), the key of the images. Default "xs". */
  key?: string;
}

type Element = tf.Tensor | { [key: string]: unknown };

/**
 * A function for `dataset.map(...)`: augments each element's image (a Tensor3D or
 * Tensor4D, or `element[key]` of an object element) with per-image draws from one seeded
 * generator, which continues across epochs. Images are float32 in 0..1.
 */
export function augmentDataset(augmentation: Augmentation, options: DatasetAugmentOptions = {}): <E extends Element>(element: E) => E {
  const random = new Random(options.seed ?? 0);
  const key = options.key ?? 'xs';
  const augmentImage = (x: unknown, where: string): tf.Tensor => {
    if (!(x instanceof tf.Tensor) || (x.rank !== 3 && x.rank !== 4)) throw new DescentError(where, x, 'a Tensor3D image or a Tensor4D batch');
    if (x.rank === 4) return augmentTensor(augmentation, x as tf.Tensor4D, random);
    return tf.tidy(() => tf.squeeze(augmentTensor(augmentation, tf.expandDims(x, 0) as tf.Tensor4D, random), [0]));
  };
  return <E extends Element>(element: E): E => {
    if (element instanceof tf.Tensor) return augmentImage(element, 'element') as E;
    if (typeof element !== 'object' || element === null || !(key in element)) throw new DescentError('element', element, `a tensor or an object with "${key}"`);
    return { ...element, [key]: augmentImage((element as Record<string, unknown>)[key], `element.${key}`) } as E;
  };
}
