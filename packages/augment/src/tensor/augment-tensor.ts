import * as tf from '@tensorflow/tfjs';
import { DescentError, type Random, type ResolvedAugmentOp } from '@descent/core';
import { opConfig, type Augmentation, type AugmentRecord } from '../augmentations/augmentation';
import { applyOpsToTensor, checkImageTensor, imageShapeOf } from './ops';

/**
 * Augments each image of a float32 Tensor4D independently (per-image draws, as with
 * typed arrays: the same seed gives the same ops), returning the batch and the records.
 */
export function augmentTensorWithRecord(augmentation: Augmentation, x: tf.Tensor4D, random: Random): { output: tf.Tensor4D; records: AugmentRecord[] } {
  checkImageTensor(x, 'x');
  const shape = imageShapeOf(x);
  const sampled: ResolvedAugmentOp[][] = [];
  for (let i = 0; i < x.shape[0]; i++) sampled.push(augmentation.sample(shape, random));
  const output = tf.tidy(() => {
    const images = sampled.map((ops, i) => applyOpsToTensor(tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]), ops));
    const first = images[0].shape;
    images.forEach((img, i) => {
      if (img.shape.some((d, k) => d !== first[k])) {
        throw new DescentError(`${augmentation.config.type}: output of image ${i}`, img.shape.slice(1), `[${first.slice(1).join(', ')}], the shape of image 0's output (give the pipeline a fixed output size)`);
      }
    });
    return images.length === 1 ? images[0] : (tf.concat(images, 0) as tf.Tensor4D);
  });
  const records = sampled.map((ops) => ({ input: [shape.height, shape.width, shape.channels] as [number, number, number], ops: ops.map(opConfig) }));
  return { output, records };
}

/** Augments each image of a float32 Tensor4D independently. */
export function augmentTensor(augmentation: Augmentation, x: tf.Tensor4D, random: Random): tf.Tensor4D {
  return augmentTensorWithRecord(augmentation, x, random).output;
}
