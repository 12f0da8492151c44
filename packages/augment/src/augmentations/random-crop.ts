import { DescentError, resolveAugmentOp, resolveFields, finite, oneOf, boolean, type Fields, type PadMode, type ResolvedAugmentOp } from '@descent/core';
import { defineAugmentation, shapeAfter, type Augmentation } from './augmentation';
import { paddingOf, paddingSpec, size, sizeOf, type PaddingSpec, type Size } from './checks';

/** Options of randomCrop (torchvision RandomCrop). */
export interface RandomCropOptions {
  /** Output size: n for n × n, or [height, width]. */
  size: Size;
  /** Padding added first: n, [left/right, top/bottom], [left, top, right, bottom] or an object. Default 0. */
  padding?: PaddingSpec;
  /** Pads images smaller than `size` (by the shortfall on both sides, as torchvision does) instead of failing. Default false. */
  padIfNeeded?: boolean;
  /** Fill of constant padding, in 0..1 units. Default 0. */
  fill?: number;
  /** constant, reflect, edge or symmetric. Default "constant". */
  paddingMode?: PadMode;
}

const fields: Fields<Required<RandomCropOptions>> = {
  size: { check: size },
  padding: { default: 0, check: paddingSpec },
  padIfNeeded: { default: false, check: boolean },
  fill: { default: 0, check: finite },
  paddingMode: { default: 'constant', check: oneOf<PadMode>('constant', 'reflect', 'edge', 'symmetric') },
};

/**
 * A window of `size` at a uniformly random position, after optional padding — the
 * lecture's "random crops" and, with padding, random shifts (torchvision RandomCrop).
 */
export function randomCrop(options: RandomCropOptions): Augmentation {
  const h = resolveFields('randomCrop', fields, options, []);
  const [height, width] = sizeOf(h.size);
  const where = 'randomCrop';
  const padOp = (padding: PaddingSpec) => resolveAugmentOp({ type: 'pad', padding: paddingOf(padding), mode: h.paddingMode, value: h.fill }, where);
  return defineAugmentation({ type: where, ...h }, (shape, random) => {
    const ops: ResolvedAugmentOp[] = [];
    const padding = paddingOf(h.padding);
    if (padding.left + padding.top + padding.right + padding.bottom > 0) ops.push(padOp(padding));
    let current = shapeAfter(ops, shape);
    if (h.padIfNeeded && current.width < width) ops.push(padOp([width - current.width, 0]));
    current = shapeAfter(ops, shape);
    if (h.padIfNeeded && current.height < height) ops.push(padOp([0, height - current.height]));
    current = shapeAfter(ops, shape);
    if (current.height < height || current.width < width) {
      throw new DescentError(`${where}.size`, h.size, `at most [${current.height}, ${current.width}], the (padded) image size; or set padIfNeeded`);
    }
    const top = random.nextInt(current.height - height + 1);
    const left = random.nextInt(current.width - width + 1);
    ops.push(resolveAugmentOp({ type: 'crop', top, left, height, width }, where));
    return ops;
  });
}
