import { DescentError, MAX_IMAGE_VALUES, positive, resolveFields, sampleBeta, isPlainObject, type Random } from '@descent/core';
import { toStorage, fromStorage } from './engine/execute';
import { allocate } from './engine/storage';
import { asBatch, checkFinitePixels, type ImageBatch } from './image';

/** What a batch mix did: the partner of each image, the weight of the image itself, and (cutMix) the pasted box. */
export interface MixRecord {
  readonly type: 'mixUp' | 'cutMix';
  /** Image i is mixed with image permutation[i]. */
  readonly permutation: number[];
  /** The weight of each image's own label (for cutMix, 1 − the pasted area's fraction). */
  readonly lambda: number;
  /** cutMix: the rectangle taken from the partner, the same for the whole batch. */
  readonly box?: { top: number; left: number; height: number; width: number };
}

/** A mixed batch: images, labels (count × classes, row-major) and the record. */
export interface Mixed {
  readonly images: ImageBatch;
  readonly labels: Float32Array;
  readonly record: MixRecord;
}

/** A batch-level augmentation that mixes images and their labels. */
export interface BatchMix {
  readonly config: { type: 'mixUp' | 'cutMix'; alpha: number };
  /** Mixes a batch; labels are one row per image (one-hot or soft), count × classes values. */
  apply(batch: ImageBatch, labels: ArrayLike<number>, random: Random): Mixed;
}

/** One-hot rows for class indices: classes.length × count values, at most MAX_IMAGE_VALUES. */
export function oneHot(classes: ArrayLike<number>, count: number): Float32Array {
  const length = (classes as ArrayLike<number> | null)?.length;
  if (typeof length !== 'number' || !Number.isInteger(length)) throw new DescentError('classes', classes, 'an array of class indices');
  if (!Number.isInteger(count) || count < 1 || length * count > MAX_IMAGE_VALUES) {
    throw new DescentError('count', count, `an integer ≥ 1 with classes.length × count at most ${MAX_IMAGE_VALUES} values (MAX_IMAGE_VALUES)`);
  }
  const out = new Float32Array(length * count);
  for (let i = 0; i < length; i++) {
    const c = classes[i];
    if (!Number.isInteger(c) || c < 0 || c >= count) throw new DescentError(`classes[${i}]`, c, `an integer in [0, ${count})`);
    out[i * count + c] = 1;
  }
  return out;
}

function checkLabels(labels: ArrayLike<number>, count: number): number {
  const length = (labels as ArrayLike<number> | null)?.length;
  if (typeof length !== 'number' || length === 0 || length % count !== 0) {
    throw new DescentError('labels.length', length, `a positive multiple of ${count} (one row of class weights per image)`);
  }
  for (let i = 0; i < length; i++) if (!Number.isFinite(labels[i])) throw new DescentError(`labels[${i}]`, labels[i], 'a finite number');
  return length / count;
}

/** Mixes labels: lambda·own row + (1 − lambda)·partner's row. */
function mixLabels(labels: ArrayLike<number>, count: number, record: MixRecord): Float32Array {
  const classes = labels.length / count;
  const out = new Float32Array(labels.length);
  for (let i = 0; i < count; i++) {
    const j = record.permutation[i];
    for (let k = 0; k < classes; k++) out[i * classes + k] = record.lambda * labels[i * classes + k] + (1 - record.lambda) * labels[j * classes + k];
  }
  return out;
}

/** Mixes images as a record says: blended everywhere (mixUp) or the box pasted from the partner (cutMix). */
function mixImages(batch: ImageBatch, record: MixRecord): ImageBatch {
  const src = toStorage(batch.data);
  const out = allocate(batch.data instanceof Float32Array ? 'float32' : 'uint8', src.length);
  const size = batch.height * batch.width * batch.channels;
  const rowLength = batch.width * batch.channels;
  for (let i = 0; i < batch.count; i++) {
    const own = i * size;
    const partner = record.permutation[i] * size;
    if (record.type === 'mixUp') {
      const a = record.lambda;
      for (let k = 0; k < size; k++) out[own + k] = a * src[own + k] + (1 - a) * src[partner + k];
      continue;
    }
    out.set(src.subarray(own, own + size), own);
    const box = record.box!;
    for (let y = box.top; y < box.top + box.height; y++) {
      const from = y * rowLength + box.left * batch.channels;
      out.set(src.subarray(partner + from, partner + from + box.width * batch.channels), own + from);
    }
  }
  return { ...batch, data: fromStorage(out) };
}

function checkedBatch(batch: ImageBatch): ImageBatch {
  const checked = asBatch(batch, 'batch');
  checkFinitePixels(checked.data, 'batch.data');
  return checked;
}

function batchMix(type: 'mixUp' | 'cutMix', options: { alpha?: number }, sample: (batch: ImageBatch, lambda: number, permutation: number[], random: Random) => MixRecord): BatchMix {
  const { alpha } = resolveFields(type, { alpha: { default: 1, check: positive } }, options, []);
  return {
    config: { type, alpha },
    apply(batch, labels, random) {
      const checked = checkedBatch(batch);
      checkLabels(labels, checked.count);
      const lambda = sampleBeta(random, alpha, alpha);
      const permutation = random.shuffle(Array.from({ length: checked.count }, (_, i) => i));
      const record = sample(checked, lambda, permutation, random);
      return { images: mixImages(checked, record), labels: mixLabels(labels, checked.count, record), record };
    },
  };
}

/**
 * mixUp (Zhang et al. 2018): λ ~ Beta(α, α) per batch, each image and its label blended
 * with a partner's (a random permutation of the batch): λ·x + (1 − λ)·x[perm].
 */
export function mixUp(options: { alpha?: number } = {}): BatchMix {
  return batchMix('mixUp', options, (_, lambda, permutation) => ({ type: 'mixUp', permutation, lambda }));
}

/**
 * cutMix (Yun et al. 2019), sampled as torchvision does: λ ~ Beta(α, α), a box of
 * √(1 − λ) of each side centred uniformly and clipped to the image, pasted from the
 * partner; labels weighted by the areas actually kept.
 */
export function cutMix(options: { alpha?: number } = {}): BatchMix {
  return batchMix('cutMix', options, ({ height, width }, lambda, permutation, random) => {
    const centreX = random.nextInt(width);
    const centreY = random.nextInt(height);
    const half = 0.5 * Math.sqrt(1 - lambda);
    const halfWidth = Math.floor(half * width);
    const halfHeight = Math.floor(half * height);
    const left = Math.max(centreX - halfWidth, 0);
    const top = Math.max(centreY - halfHeight, 0);
    const right = Math.min(centreX + halfWidth, width);
    const bottom = Math.min(centreY + halfHeight, height);
    const box = { top, left, height: bottom - top, width: right - left };
    return { type: 'cutMix', permutation, lambda: 1 - (box.height * box.width) / (height * width), box };
  });
}

/** Mixes another batch (and optionally labels) exactly as a record says. */
export function replayMix(record: MixRecord, batch: ImageBatch, labels?: ArrayLike<number>): { images: ImageBatch; labels: Float32Array | null } {
  const checked = checkedBatch(batch);
  const valid =
    isPlainObject(record) &&
    (record.type === 'mixUp' || (record.type === 'cutMix' && isPlainObject(record.box))) &&
    Array.isArray(record.permutation) &&
    record.permutation.length === checked.count &&
    record.permutation.every((j) => Number.isInteger(j) && j >= 0 && j < checked.count) &&
    Number.isFinite(record.lambda);
  if (!valid) throw new DescentError('record', record, `a MixRecord from mixUp or cutMix for a batch of ${checked.count}`);
  const box = record.box;
  if (box !== undefined && (box.top < 0 || box.left < 0 || box.top + box.height > checked.height || box.left + box.width > checked.width)) {
    throw new DescentError('record.box', box, `a box inside ${checked.height} × ${checked.width}`);
  }
  if (labels !== undefined) checkLabels(labels, checked.count);
  return { images: mixImages(checked, record), labels: labels === undefined ? null : mixLabels(labels, checked.count, record) };
}
