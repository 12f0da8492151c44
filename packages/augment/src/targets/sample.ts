import { DescentError, isPlainObject, type ImageShape, type Random, type ResolvedAugmentOp } from '@descent/core';
import { opConfig, type Augmentation, type AugmentRecord } from '../augmentations/augmentation';
import { applyShared, sameKind } from '../engine/apply';
import { asBatch, isBatch, type Image } from '../image';
import { keptLabels, maskOps, refuseTargetsOfBlends, recordOps, movePointTargets, readPointTargets, resolveTargetOptions, type Labels, type TargetOptions } from './move';

/**
 * One image with its targets, as detection and segmentation datasets hold them. `masks`
 * has the image's height and width (any channels: one per instance, or one of class ids);
 * `boxes` is 4 numbers per box in the options' format; `keypoints` is (x, y, visibility)
 * triples, visibility 0 meaning not visible; `labels` has one entry per box.
 */
export interface Sample {
  readonly image: Image;
  readonly masks?: Image;
  readonly boxes?: ArrayLike<number>;
  readonly keypoints?: ArrayLike<number>;
  readonly labels?: Labels;
}

/** A sample after the ops: the same targets it came with, moved; boxes that fell out dropped with their labels. */
export interface AugmentedSample {
  readonly image: Image;
  readonly masks?: Image;
  readonly boxes?: Float32Array;
  readonly keypoints?: Float32Array;
  readonly labels?: Labels;
  /** The input index of each kept box (per-box data of your own can follow it). */
  readonly kept: number[];
}

/** The shape of a sample's image, which must be one image (not a batch). */
function sampleShape(sample: Sample, where: string): ImageShape {
  if (!isPlainObject(sample)) throw new DescentError(where, sample, 'a sample { image, masks?, boxes?, keypoints?, labels? }');
  const { height, width, channels } = asBatch(sample.image, `${where}.image`);
  if (isBatch(sample.image)) throw new DescentError(`${where}.image.count`, sample.image.count, 'no count: one image (targets belong to one image; call once per image)');
  return { height, width, channels };
}

/** Checks a sample and applies ops to all of it: nothing runs until everything is checked. */
function applyToSample(ops: readonly ResolvedAugmentOp[], sample: Sample, options: TargetOptions, where: string): AugmentedSample {
  const image = sample.image;
  const shape = sampleShape(sample, where);
  refuseTargetsOfBlends(ops, sample, where);
  const resolved = resolveTargetOptions(options, where);
  if (sample.masks !== undefined) {
    const masks = asBatch(sample.masks, `${where}.masks`);
    if (isBatch(sample.masks) || masks.height !== shape.height || masks.width !== shape.width) {
      throw new DescentError(`${where}.masks`, [masks.height, masks.width], `one image of ${shape.height} × ${shape.width}, the image's size`);
    }
  }
  const targets = readPointTargets(sample.boxes, sample.keypoints, sample.labels, shape, resolved, where);
  const moved = movePointTargets(ops, shape, targets, resolved);
  const out: AugmentedSample = { image: sameKind(image, applyShared(image, ops, `${where}.image`)), kept: moved.kept };
  return {
    ...out,
    ...(sample.masks !== undefined && { masks: sameKind(sample.masks, applyShared(sample.masks, maskOps(ops), `${where}.masks`)) }),
    ...(moved.boxes !== null && { boxes: moved.boxes }),
    ...(moved.keypoints !== null && { keypoints: moved.keypoints }),
    ...(targets.labels !== null && { labels: keptLabels(targets.labels, moved.kept) }),
  };
}

/**
 * Augments an image and its targets with one draw of `augmentation`: masks follow the
 * geometric ops (nearest sampling), boxes and keypoints follow them as points, boxes are
 * clipped to the image and dropped (with their labels) below the options' limits, keypoints
 * that leave the image become invisible; colour ops change the image only. Returns the
 * sample and the record that `replaySample` applies again.
 */
export function augmentSample(augmentation: Augmentation, sample: Sample, random: Random, options: TargetOptions = {}): { sample: AugmentedSample; record: AugmentRecord } {
  const where = `${augmentation?.config?.type ?? 'augmentation'}: sample`;
  const image = sampleShape(sample, where);
  resolveTargetOptions(options, where);
  const ops = augmentation.sample(image, random);
  const out = applyToSample(ops, sample, options, where);
  return { sample: out, record: { input: [image.height, image.width, image.channels], ops: ops.map(opConfig) } };
}

/** Applies a record from `augmentSample` (or `applyWithRecord`) to a sample of the same size: image, masks, boxes, keypoints and labels alike. */
export function replaySample(record: AugmentRecord, sample: Sample, options: TargetOptions = {}): AugmentedSample {
  const ops = recordOps(record, sampleShape(sample, 'sample'));
  return applyToSample(ops, sample, options, 'sample');
}
