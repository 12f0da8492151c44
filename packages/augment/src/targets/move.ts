import {
  augmentOutputShape,
  augmentPointMap,
  between,
  boxesFromXyxy,
  boxesToXyxy,
  checkTargetNumbers,
  clampBoxes,
  DescentError,
  DEFAULT_BOX_LIMITS,
  isPlainObject,
  keptBoxes,
  mapBoxes,
  mapKeypoints,
  nonNegative,
  boolean,
  oneOf,
  resolveAugmentOp,
  resolveFields,
  type BoxFormat,
  type BoxLimits,
  type Fields,
  type ImageShape,
  type ResolvedAugmentOp,
} from '@descent/core';

/** How boxes and keypoints are written, and when a box is dropped. */
export interface TargetOptions extends Partial<BoxLimits> {
  /** "xyxy" (corners, default), "xywh" (top-left corner and size) or "cxcywh" (centre and size). */
  boxFormat?: BoxFormat;
  /** Coordinates of boxes and keypoints as fractions of the image's width and height instead of pixels. Default false. */
  normalized?: boolean;
}

/** Target options with every default filled in. */
export type ResolvedTargetOptions = Required<TargetOptions>;

const fields: Fields<ResolvedTargetOptions> = {
  boxFormat: { default: 'xyxy', check: oneOf<BoxFormat>('xyxy', 'xywh', 'cxcywh') },
  normalized: { default: false, check: boolean },
  minSize: { default: DEFAULT_BOX_LIMITS.minSize, check: nonNegative },
  minArea: { default: DEFAULT_BOX_LIMITS.minArea, check: nonNegative },
  minVisibility: { default: DEFAULT_BOX_LIMITS.minVisibility, check: between(0, 1) },
};

/** Checks target options and fills in their defaults. */
export const resolveTargetOptions = (options: TargetOptions, where: string): ResolvedTargetOptions => resolveFields(`${where}.options`, fields, options, []);

/** The labels of boxes: any array, or a typed array of class ids. */
export type Labels = readonly unknown[] | Int32Array | Uint8Array | Float32Array;

/** Boxes, keypoints and labels in plain numbers, checked and converted to pixel xyxy. */
export interface PointTargets {
  readonly boxes: Float64Array | null;
  readonly keypoints: Float64Array | null;
  readonly labels: Labels | null;
}

/** What the ops made of the point targets: output boxes and keypoints in the input's format, the kept box indices. */
export interface MovedTargets {
  readonly boxes: Float32Array | null;
  readonly keypoints: Float32Array | null;
  readonly kept: number[];
}

/** Checks boxes, keypoints and labels against an image of `shape` and converts them to pixel units. */
export function readPointTargets(
  boxes: unknown,
  keypoints: unknown,
  labels: unknown,
  shape: ImageShape,
  options: ResolvedTargetOptions,
  where: string,
): PointTargets {
  let xyxy: Float64Array | null = null;
  if (boxes !== undefined) {
    checkTargetNumbers(boxes, 4, `${where}.boxes`);
    xyxy = boxesToXyxy(boxes, options.boxFormat, options.normalized, shape);
    for (let k = 0; k < xyxy.length; k += 4) {
      if (!(xyxy[k + 2] >= xyxy[k] && xyxy[k + 3] >= xyxy[k + 1])) {
        throw new DescentError(`${where}.boxes[${k / 4}]`, Array.from(boxes).slice(k, k + 4), `a ${options.boxFormat} box with width and height ≥ 0`);
      }
    }
  }
  let points: Float64Array | null = null;
  if (keypoints !== undefined) {
    checkTargetNumbers(keypoints, 3, `${where}.keypoints`);
    points = Float64Array.from(keypoints);
    if (options.normalized) {
      for (let k = 0; k < points.length; k += 3) {
        points[k] *= shape.width;
        points[k + 1] *= shape.height;
      }
    }
  }
  if (labels !== undefined) {
    const ok = Array.isArray(labels) || labels instanceof Int32Array || labels instanceof Uint8Array || labels instanceof Float32Array;
    if (!ok) throw new DescentError(`${where}.labels`, labels, 'an array or an Int32Array, Uint8Array or Float32Array, one label per box');
    const boxCount = xyxy === null ? null : xyxy.length / 4;
    if (boxCount === null || (labels as Labels).length !== boxCount) {
      throw new DescentError(`${where}.labels.length`, (labels as Labels).length, boxCount === null ? 'labels only with boxes' : `${boxCount}, one label per box`);
    }
  }
  return { boxes: xyxy, keypoints: points, labels: labels === undefined ? null : (labels as Labels) };
}

/**
 * Moves boxes and keypoints through ops applied to an image of `shape`, with the ops' own
 * point maps (value ops leave them alone). Boxes are clamped to the image after every
 * geometric op, then dropped by the limits; keypoints that leave the image become invisible.
 */
export function movePointTargets(ops: readonly ResolvedAugmentOp[], shape: ImageShape, targets: PointTargets, options: ResolvedTargetOptions): MovedTargets {
  const clipped = targets.boxes === null ? new Float64Array(0) : Float64Array.from(targets.boxes);
  const moved = Float64Array.from(clipped);
  const keypoints = targets.keypoints === null ? null : Float64Array.from(targets.keypoints);
  clampBoxes(clipped, shape);
  let current = shape;
  for (const op of ops) {
    const next = augmentOutputShape(op, current);
    const map = augmentPointMap(op, current);
    if (map !== null) {
      mapBoxes(clipped, map);
      clampBoxes(clipped, next);
      mapBoxes(moved, map);
      if (keypoints !== null) mapKeypoints(keypoints, map, next);
    }
    current = next;
  }
  const keep = keptBoxes(clipped, moved, options);
  const kept = keep.flatMap((k, i) => (k ? [i] : []));
  const survivors = new Float64Array(kept.length * 4);
  kept.forEach((i, n) => survivors.set(clipped.subarray(i * 4, i * 4 + 4), n * 4));
  let outPoints: Float32Array | null = null;
  if (keypoints !== null) {
    const sx = options.normalized ? 1 / current.width : 1;
    const sy = options.normalized ? 1 / current.height : 1;
    outPoints = Float32Array.from(keypoints, (v, i) => (i % 3 === 0 ? v * sx : i % 3 === 1 ? v * sy : v));
  }
  return {
    boxes: targets.boxes === null ? null : boxesFromXyxy(survivors, options.boxFormat, options.normalized, current),
    keypoints: outPoints,
    kept,
  };
}

/** The labels of the kept boxes, in the labels' own kind. */
export function keptLabels(labels: Labels, kept: readonly number[]): Labels {
  if (labels instanceof Int32Array) return Int32Array.from(kept, (i) => labels[i]);
  if (labels instanceof Uint8Array) return Uint8Array.from(kept, (i) => labels[i]);
  if (labels instanceof Float32Array) return Float32Array.from(kept, (i) => labels[i]);
  return kept.map((i) => labels[i]);
}

/**
 * The ops as they apply to masks: geometric ops only, sampling nearest (labels are never
 * blended) and filling with 0 (torchvision v2's mask fill) where the image gets a fill.
 */
export function maskOps(ops: readonly ResolvedAugmentOp[]): ResolvedAugmentOp[] {
  return ops
    .filter((op) => op.kind === 'geometry')
    .map((op) => {
      if (op.type === 'resize' || op.type === 'resizedCrop') return resolveAugmentOp({ type: op.type, ...op.params, interpolation: 'nearest' }, op.where);
      if (op.type === 'rotate' || op.type === 'affine' || op.type === 'perspective' || op.type === 'elastic') return resolveAugmentOp({ type: op.type, ...op.params, interpolation: 'nearest', fill: 0 }, op.where);
      if (op.type === 'pad') return resolveAugmentOp({ type: 'pad', ...op.params, value: 0 }, op.where);
      return op;
    });
}

/**
 * Refuses targets with ops that blend differently warped copies of the image (augMix): no
 * box, keypoint or mask can follow them, so, like torchvision v2's AugMix, they take images only.
 */
export function refuseTargetsOfBlends(ops: readonly ResolvedAugmentOp[], targets: { masks?: unknown; boxes?: unknown; keypoints?: unknown; labels?: unknown }, where: string): void {
  const given = (['masks', 'boxes', 'keypoints', 'labels'] as const).filter((name) => targets[name] !== undefined);
  const blend = ops.find((op) => op.type === 'augMix');
  if (blend !== undefined && given.length > 0) {
    throw new DescentError(`${where}: ${given.join(', ')}`, given, `none: ${blend.where} blends differently warped copies of the image, which no target can follow (augment the image alone)`);
  }
}

/** The ops of a record from augmentSample or applyWithRecord, checked against the size of the sample it is replayed on. */
export function recordOps(record: unknown, shape: ImageShape): ResolvedAugmentOp[] {
  if (!isPlainObject(record) || !Array.isArray(record.input) || !Array.isArray(record.ops)) {
    throw new DescentError('record', record, 'a record { input: [height, width, channels], ops: [...] } from augmentSample');
  }
  if (record.input[0] !== shape.height || record.input[1] !== shape.width) {
    throw new DescentError('record.input', record.input, `an image of ${shape.height} × ${shape.width}, the size of the sample replayed on`);
  }
  return record.ops.map((op, k) => resolveAugmentOp(op, `record.ops[${k}]`));
}
