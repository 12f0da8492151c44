import { DescentError, isPlainObject, resolveAugmentOp, type ResolvedAugmentOp } from '@descent/core';
import { applyPerImage, sameKind } from '../engine/apply';
import { asBatch, type Image } from '../image';
import type { AugmentRecord, Augmented } from './augmentation';

/** Options of replay. */
export interface ReplayOptions {
  /**
   * "all" (default) replays every op; "geometry" only the ops that move pixels (flips,
   * crops, pads, resizes) — for segmentation masks or other images aligned with the originals.
   */
  ops?: 'all' | 'geometry';
}

/**
 * Applies recorded ops again — to the same images, or to other data of the same height
 * and width (a mask, another modality; the channel count may differ): one record per image.
 */
export function replay<I extends Image>(records: readonly AugmentRecord[], input: I, options: ReplayOptions = {}): Augmented<I> {
  const batch = asBatch(input, 'input');
  const only = options.ops ?? 'all';
  if (only !== 'all' && only !== 'geometry') throw new DescentError('options.ops', only, 'one of "all", "geometry"');
  if (!Array.isArray(records) || records.length !== batch.count) {
    throw new DescentError('records.length', Array.isArray(records) ? records.length : records, `${batch.count}, one record per image`);
  }
  const resolved: ResolvedAugmentOp[][] = records.map((record, i) => {
    const where = `records[${i}]`;
    if (!isPlainObject(record) || !Array.isArray(record.input) || !Array.isArray(record.ops)) {
      throw new DescentError(where, record, 'a record { input: [height, width, channels], ops: [...] } from applyWithRecord');
    }
    if (record.input[0] !== batch.height || record.input[1] !== batch.width) {
      throw new DescentError(`${where}.input`, record.input, `an image of ${batch.height} × ${batch.width}, the size of the images replayed on`);
    }
    return record.ops.map((op, k) => resolveAugmentOp(op, `${where}.ops[${k}]`)).filter((op) => only === 'all' || op.kind === 'geometry');
  });
  return sameKind(input, applyPerImage(input, (i) => resolved[i], 'replay')) as Augmented<I>;
}
