import * as tf from '@tensorflow/tfjs';
import { augmentOutputShape, DescentError, type Random, type ResolvedAugmentOp } from '@descent/core';
import { opConfig, type Augmentation, type AugmentRecord } from '../augmentations/augmentation';
import { runStepsBatched, tensorSteps } from './batch';
import { checkImageTensor, imageShapeOf } from './ops';

/**
 * Augments each image of a float32 Tensor4D independently (per-image draws, as with
 * typed arrays: the same seed gives the same ops), returning the batch and the records.
 */
export function augmentTensorWithRecord(augmentation: Augmentation, x: tf.Tensor4D, random: Random): { output: tf.Tensor4D; records: AugmentRecord[] } {
  checkImageTensor(x, 'x');
  const shape = imageShapeOf(x);
  const sampled: ResolvedAugmentOp[][] = [];
  for (let i = 0; i < x.shape[0]; i++) sampled.push(augmentation.sample(shape, random));
  // Each image's output shape, checked before any GPU work (a pipeline must give one size).
  const shapes = sampled.map((ops) => ops.reduce((s, op) => augmentOutputShape(op, s), shape));
  const first = shapes[0];
  shapes.forEach((s, i) => {
    if (s.height !== first.height || s.width !== first.width || s.channels !== first.channels) {
      throw new DescentError(`${augmentation.config.type}: output of image ${i}`, [s.height, s.width, s.channels], `[${first.height}, ${first.width}, ${first.channels}], the shape of image 0's output (give the pipeline a fixed output size)`);
    }
  });
  // The whole batch at once: images whose steps agree share each tf op (see batch.ts).
  const output = tf.tidy(() => {
    const out = runStepsBatched(x, sampled.map((ops) => tensorSteps(ops, shape)));
    return out === x ? tf.clone(x) : out;
  });
  const records = sampled.map((ops) => ({ input: [shape.height, shape.width, shape.channels] as [number, number, number], ops: ops.map(opConfig) }));
  return { output, records };
}

/** Augments each image of a float32 Tensor4D independently. */
export function augmentTensor(augmentation: Augmentation, x: tf.Tensor4D, random: Random): tf.Tensor4D {
  return augmentTensorWithRecord(augmentation, x, random).output;
}
