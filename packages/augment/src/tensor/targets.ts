import * as tf from '@tensorflow/tfjs';
import { DescentError, isPlainObject, type ImageShape, type Random, type ResolvedAugmentOp } from '@descent/core';
import { opConfig, type Augmentation, type AugmentRecord } from '../augmentations/augmentation';
import { maskOps, refuseTargetsOfBlends, movePointTargets, recordOps, readPointTargets, resolveTargetOptions, type TargetOptions } from '../targets/move';
import { applyOpsToTensor } from './ops';

/**
 * One image tensor with its targets: `image` a float32 Tensor3D in 0..1; `masks` a Tensor3D
 * of the image's height and width (float32 or int32, any channels); `boxes` a Tensor2D
 * [n, 4] in the options' format; `keypoints` a tensor whose last dimension is
 * (x, y, visibility); `labels` a Tensor1D with one entry per box.
 */
export interface TensorSample {
  readonly image: tf.Tensor3D;
  readonly masks?: tf.Tensor3D;
  readonly boxes?: tf.Tensor2D;
  readonly keypoints?: tf.Tensor;
  readonly labels?: tf.Tensor1D;
}

/** A tensor sample after the ops (new tensors the caller disposes); boxes that fell out dropped with their labels. */
export interface AugmentedTensorSample {
  readonly image: tf.Tensor3D;
  readonly masks?: tf.Tensor3D;
  readonly boxes?: tf.Tensor2D;
  readonly keypoints?: tf.Tensor;
  readonly labels?: tf.Tensor1D;
  /** The input index of each kept box. */
  readonly kept: number[];
}

/** Checks that a target is a tensor of the given rank (or any rank ≥ 1 ending in `last`). */
function checkTensor(value: unknown, rank: number | null, last: number | null, where: string): asserts value is tf.Tensor {
  const ok = value instanceof tf.Tensor && (rank === null ? value.rank >= 1 : value.rank === rank) && (last === null || value.shape[value.rank - 1] === last);
  const wanted = rank === 3 ? 'a tf.Tensor3D [height, width, channels]' : rank === 2 ? 'a tf.Tensor2D [boxes, 4]' : rank === 1 ? 'a tf.Tensor1D' : 'a tf.Tensor whose last dimension is 3 (x, y, visibility)';
  if (!ok) throw new DescentError(where, value, wanted);
}

/** The image shape of a tensor sample after checking every part of it. */
function sampleShape(sample: TensorSample, where: string): ImageShape {
  if (!isPlainObject(sample)) throw new DescentError(where, sample, 'a sample { image, masks?, boxes?, keypoints?, labels? } of tensors');
  checkTensor(sample.image, 3, null, `${where}.image`);
  if (sample.image.dtype !== 'float32') throw new DescentError(`${where}.image.dtype`, sample.image.dtype, '"float32" with values in 0..1');
  const [height, width, channels] = sample.image.shape;
  if (sample.masks !== undefined) {
    checkTensor(sample.masks, 3, null, `${where}.masks`);
    if (sample.masks.shape[0] !== height || sample.masks.shape[1] !== width) throw new DescentError(`${where}.masks.shape`, sample.masks.shape, `[${height}, ${width}, channels], the image's size`);
    if (sample.masks.dtype !== 'float32' && sample.masks.dtype !== 'int32') throw new DescentError(`${where}.masks.dtype`, sample.masks.dtype, '"float32" or "int32"');
  }
  if (sample.boxes !== undefined) checkTensor(sample.boxes, 2, 4, `${where}.boxes`);
  if (sample.keypoints !== undefined) checkTensor(sample.keypoints, null, 3, `${where}.keypoints`);
  if (sample.labels !== undefined) checkTensor(sample.labels, 1, null, `${where}.labels`);
  return { height, width, channels };
}

/** Applies ops to a checked tensor sample; boxes and keypoints are read to the CPU (a few numbers) and moved there. */
function applyToSample(ops: readonly ResolvedAugmentOp[], sample: TensorSample, options: TargetOptions, where: string): AugmentedTensorSample {
  const shape = sampleShape(sample, where);
  refuseTargetsOfBlends(ops, sample, where);
  const resolved = resolveTargetOptions(options, where);
  const labelList = sample.labels === undefined ? undefined : Array.from(sample.labels.dataSync());
  const targets = readPointTargets(sample.boxes?.dataSync(), sample.keypoints?.dataSync(), labelList, shape, resolved, where);
  const moved = movePointTargets(ops, shape, targets, resolved);
  return tf.tidy(() => {
    const image = tf.squeeze(applyOpsToTensor(tf.expandDims(sample.image, 0), ops), [0]) as tf.Tensor3D;
    const out: AugmentedTensorSample = { image, kept: moved.kept };
    const masks = sample.masks === undefined ? null : tf.squeeze(applyOpsToTensor(tf.expandDims(tf.cast(sample.masks, 'float32'), 0), maskOps(ops)), [0]);
    return {
      ...out,
      ...(masks !== null && { masks: tf.cast(masks, sample.masks!.dtype) as tf.Tensor3D }),
      ...(moved.boxes !== null && { boxes: tf.tensor2d(moved.boxes, [moved.kept.length, 4]) }),
      ...(moved.keypoints !== null && { keypoints: tf.tensor(moved.keypoints, sample.keypoints!.shape) }),
      ...(sample.labels !== undefined && { labels: tf.gather(sample.labels, tf.tensor1d(moved.kept, 'int32')) as tf.Tensor1D }),
    };
  });
}

/**
 * augmentSample on tensors: one draw of `augmentation` applied to an image tensor, its
 * masks (nearest, zero padding), boxes and keypoints (as points; boxes clipped and dropped
 * with their labels by the options' limits; keypoints leaving the image made invisible).
 * The same draws and numbers as the typed-array path; returns the record too.
 */
export function augmentSampleTensor(augmentation: Augmentation, sample: TensorSample, random: Random, options: TargetOptions = {}): { sample: AugmentedTensorSample; record: AugmentRecord } {
  const where = `${augmentation?.config?.type ?? 'augmentation'}: sample`;
  const shape = sampleShape(sample, where);
  resolveTargetOptions(options, where);
  const ops = augmentation.sample(shape, random);
  return { sample: applyToSample(ops, sample, options, where), record: { input: [shape.height, shape.width, shape.channels], ops: ops.map(opConfig) } };
}

/** Applies a record to a tensor sample of the same size: image, masks, boxes, keypoints and labels alike. */
export function replaySampleTensor(record: AugmentRecord, sample: TensorSample, options: TargetOptions = {}): AugmentedTensorSample {
  const ops = recordOps(record, sampleShape(sample, 'sample'));
  return applyToSample(ops, sample, options, 'sample');
}
