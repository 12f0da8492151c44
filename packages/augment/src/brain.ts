import { DescentError, checkImageShape, type Random } from '@descent/core';
import type { Augmentation } from './augmentations/augmentation';

/**
 * The hook for trainers of flat inputs (the @descent/brain trainer, any brain.js net):
 * returns `(input, random) => Float32Array` that reads a flat row-major
 * height × width × channels input (number[] or Float32Array, values 0..1), augments it
 * with the pipeline and returns the augmented image flat. The output length is the
 * pipeline's output size (the same as the input's for shape-keeping pipelines).
 */
export function augmentFlat(augmentation: Augmentation, width: number, height: number, channels = 1): (input: ArrayLike<number>, random: Random) => Float32Array {
  if (typeof augmentation?.apply !== 'function') throw new DescentError('augmentation', augmentation, 'an augmentation, e.g. randomCrop({ size: 28, padding: 2 })');
  const expected = width * height * channels;
  checkImageShape([height, width, channels], expected, 'augmentFlat');
  return (input, random) => {
    if (input?.length !== expected) throw new DescentError('input.length', input?.length, `${expected} (${height} × ${width} × ${channels})`);
    const data = input instanceof Float32Array ? input : Float32Array.from(input);
    return augmentation.apply({ data, height, width, channels }, random).data as Float32Array;
  };
}
