import { DescentError } from '@descent/core';
import type { ImageBatch, PixelArray } from '../image';
import type { PixelKind, Plan } from './plan';
import { runPlan } from './run';
import { allocate, type Region, type Storage } from './storage';

/** The kind of a pixel array. */
export const pixelKindOf = (data: PixelArray): PixelKind => (data instanceof Float32Array ? 'float32' : 'uint8');

/** The engine's view of pixels (bytes seen through a clamping view; no copy). */
export function toStorage(data: PixelArray): Storage {
  return data instanceof Float32Array ? data : new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
}

/** The user's view of engine pixels. */
export function fromStorage(storage: Storage): PixelArray {
  return storage instanceof Float32Array ? storage : new Uint8Array(storage.buffer, storage.byteOffset, storage.length);
}

/**
 * Runs one plan per image of a batch (or one plan for all) and gathers the results in
 * a new batch. Every plan must produce the same shape and pixel kind; this is checked
 * before any pixel is touched.
 */
export function runPlans(batch: ImageBatch, plans: readonly Plan[], where: string): ImageBatch {
  const first = plans[0];
  const { height, width, channels } = first.output;
  plans.forEach((plan, i) => {
    const o = plan.output;
    if (o.height !== height || o.width !== width || o.channels !== channels) {
      throw new DescentError(`${where}: output of image ${i}`, [o.height, o.width, o.channels], `[${height}, ${width}, ${channels}], the shape of image 0's output (give the pipeline a fixed output size)`);
    }
  });
  const inSize = batch.height * batch.width * batch.channels;
  const outSize = height * width * channels;
  const src = toStorage(batch.data);
  const out = allocate(first.pixels, outSize * batch.count);
  for (let i = 0; i < batch.count; i++) {
    const plan = plans.length === 1 ? first : plans[i];
    const from: Region = { data: src, offset: i * inSize, height: batch.height, width: batch.width, channels: batch.channels };
    runPlan(plan, from, { data: out, offset: i * outSize, height, width, channels });
  }
  return { data: fromStorage(out), count: batch.count, height, width, channels };
}
