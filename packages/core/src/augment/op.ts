import type { Fields } from '../fields';
import type { AxisMap } from './axis-map';
import type { ImageShape } from './image-shape';
import type { PointMove } from './targets';
import type { Warp } from './warp';

/**
 * Where every output pixel of a geometric op comes from: one map per axis, and the
 * value (in 0..1 units) of positions that fall outside the input.
 */
export interface Geometry {
  readonly rows: AxisMap;
  readonly cols: AxisMap;
  readonly fill: number;
}

/**
 * One deterministic augmentation op, defined once: its fields (defaults and checks),
 * how it changes an image's shape, and — for ops that move pixels — the sampling
 * `geometry` a backend runs. Backends do the pixel work; they never re-decide a
 * default, a rounding or a border rule.
 */
export interface AugmentOpDefinition<H> {
  /** The op `type`, e.g. "resizedCrop". */
  readonly type: string;
  /**
   * "geometry": moves pixels (flips, crops, pads, resizes) and so also applies to masks
   * replayed alongside an image; "value": changes pixel values where they are.
   */
  readonly kind: 'geometry' | 'value';
  /** Every field with its default and check. */
  readonly fields: Fields<H>;
  /** Checks spanning several fields; throws DescentError. */
  refine?(h: H, where: string): void;
  /** The output shape for an input shape; throws DescentError when the op cannot apply to it. */
  outputShape(h: H, input: ImageShape, where: string): ImageShape;
  /** For geometric ops: how the output samples the input. */
  geometry?(h: H, input: ImageShape): Geometry;
  /** For rotations, affine maps, perspective and elastic (not separable by axis): how the output samples the input. */
  warp?(h: H, input: ImageShape): Warp;
  /** For geometric ops: where a point of the input lands in the output (boxes and keypoints follow it). */
  points?(h: H, input: ImageShape): PointMove;
}

/** An op definition of any field type, as held in the registry. */
export type AnyAugmentOpDefinition = AugmentOpDefinition<object>;
