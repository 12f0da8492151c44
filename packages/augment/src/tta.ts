import { DescentError, resolveAugmentOp, resolveFields, boolean, type AugmentOpConfig, type ImageShape, type ResolvedAugmentOp } from '@descent/core';
import { opConfig } from './augmentations/augmentation';
import { size, sizeOf, type Size } from './augmentations/checks';
import { applyShared } from './engine/apply';
import { asBatch, type Image, type ImageBatch } from './image';

/** A fixed set of views of an image for test-time augmentation. */
export interface TestTimeViews {
  /** "fiveCrop" or "tenCrop". */
  readonly name: string;
  /** Number of views. */
  readonly count: number;
  /** The ops of each view for images of a shape, in torchvision's order. */
  views(shape: ImageShape): AugmentOpConfig[][];
  /** Every view of one image, as a batch of `count` images. */
  apply(image: Image): ImageBatch;
}

function cropCorners(where: string, s: Size, shape: ImageShape): ResolvedAugmentOp[] {
  const [height, width] = sizeOf(s);
  if (height > shape.height || width > shape.width) {
    throw new DescentError(`${where}.size`, s, `at most [${shape.height}, ${shape.width}], the image size`);
  }
  const boxes = [
    [0, 0],
    [0, shape.width - width],
    [shape.height - height, 0],
    [shape.height - height, shape.width - width],
  ];
  return [
    ...boxes.map(([top, left]) => resolveAugmentOp({ type: 'crop', top, left, height, width }, where)),
    resolveAugmentOp({ type: 'centerCrop', height, width }, where),
  ];
}

function defineViews(name: string, count: number, viewsOf: (shape: ImageShape) => ResolvedAugmentOp[][]): TestTimeViews {
  return {
    name,
    count,
    views: (shape) => viewsOf(shape).map((ops) => ops.map(opConfig)),
    apply(image) {
      const one = asBatch(image, name);
      if (one.count !== 1) throw new DescentError(`${name}: image.count`, one.count, '1 (pass one image; loop over a batch)');
      const views = viewsOf(one).map((ops) => applyShared(one, ops, name));
      const first = views[0];
      const data = first.data instanceof Float32Array ? new Float32Array(first.data.length * count) : new Uint8Array(first.data.length * count);
      views.forEach((v, i) => data.set(v.data, i * v.data.length));
      return { data, count, height: first.height, width: first.width, channels: first.channels };
    },
  };
}

/** The four corner crops and the centre crop of `size` (torchvision FiveCrop). */
export function fiveCrop(cropSize: Size): TestTimeViews {
  const h = resolveFields('fiveCrop', { size: { check: size } }, { size: cropSize }, []);
  return defineViews('fiveCrop', 5, (shape) => cropCorners('fiveCrop', h.size, shape).map((op) => [op]));
}

/** The five crops, then the five crops of the mirrored image (torchvision TenCrop; `vertical` mirrors top and bottom instead). */
export function tenCrop(cropSize: Size, options: { vertical?: boolean } = {}): TestTimeViews {
  const h = resolveFields('tenCrop', { size: { check: size }, vertical: { default: false, check: boolean } }, { size: cropSize, ...options }, []);
  const flip = resolveAugmentOp({ type: h.vertical ? 'flipUpDown' : 'flipLeftRight' }, 'tenCrop');
  return defineViews('tenCrop', 10, (shape) => {
    const crops = cropCorners('tenCrop', h.size, shape);
    return [...crops.map((op) => [op]), ...crops.map((op) => [flip, op])];
  });
}

/**
 * Test-time augmentation for any model: the mean of `predict` over every view of the
 * image (e.g. class probabilities averaged over ten crops, as AlexNet evaluated).
 */
export function averageOverViews(predict: (view: Image) => ArrayLike<number>, image: Image, views: TestTimeViews): Float32Array {
  if (typeof predict !== 'function') throw new DescentError('predict', predict, 'a function of an image returning numbers');
  const batch = views.apply(image);
  const size = batch.height * batch.width * batch.channels;
  let sum: Float64Array | null = null;
  for (let i = 0; i < batch.count; i++) {
    const view: Image = { data: batch.data.subarray(i * size, (i + 1) * size), height: batch.height, width: batch.width, channels: batch.channels };
    const out = predict(view);
    sum ??= new Float64Array(out.length);
    if (out.length !== sum.length) throw new DescentError(`predict(view ${i}).length`, out.length, `${sum.length}, the length for view 0`);
    for (let k = 0; k < out.length; k++) sum[k] += out[k];
  }
  return Float32Array.from(sum!, (v) => v / batch.count);
}
