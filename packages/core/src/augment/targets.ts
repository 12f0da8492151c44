import { DescentError } from '../errors';
import type { ImageShape } from './image-shape';

/**
 * How a geometric op moves points, in continuous pixel coordinates (x right, y down, the
 * image spanning [0, width] × [0, height], pixel (i, j) covering [j, j+1) × [i, i+1)):
 * x′ = a·x + b·y + c, y′ = d·x + e·y + f, as `[a, b, c, d, e, f]`; a perspective adds
 * `g, h`, dividing both by g·x + h·y + 1.
 */
export type PointMap = readonly [number, number, number, number, number, number] | readonly [number, number, number, number, number, number, number, number];

/** Where points go: a point map, or a function for moves no map expresses (elastic). */
export type PointMove = PointMap | ((x: number, y: number) => [number, number]);

/** The point map that scales and shifts each axis on its own: x′ = sx·x + tx, y′ = sy·y + ty. */
export const axisPointMap = (sx: number, tx: number, sy: number, ty: number): PointMap => [sx, 0, tx, 0, sy, ty];

/** A point through a map (or move), as [x′, y′]. */
export function mapPoint(m: PointMove, x: number, y: number): [number, number] {
  if (typeof m === 'function') return m(x, y);
  const w = m.length === 8 ? m[6] * x + m[7] * y + 1 : 1;
  return [(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w];
}

/** How boxes are written: corners (xyxy), corner and size (xywh) or centre and size (cxcywh). */
export type BoxFormat = 'xyxy' | 'xywh' | 'cxcywh';

/** The box formats, for checks and docs. */
export const BOX_FORMATS: readonly BoxFormat[] = ['xyxy', 'xywh', 'cxcywh'];

/**
 * Boxes (4 numbers each) in `format` as xyxy pixel corners; with `normalized` the input
 * numbers are fractions of the image's width (x) and height (y).
 */
export function boxesToXyxy(boxes: ArrayLike<number>, format: BoxFormat, normalized: boolean, shape: ImageShape): Float64Array {
  const out = new Float64Array(boxes.length);
  const sx = normalized ? shape.width : 1;
  const sy = normalized ? shape.height : 1;
  for (let k = 0; k < boxes.length; k += 4) {
    const [p, q, r, s] = [boxes[k] * sx, boxes[k + 1] * sy, boxes[k + 2] * sx, boxes[k + 3] * sy];
    const [x0, y0] = format === 'xyxy' ? [p, q] : format === 'xywh' ? [p, q] : [p - r / 2, q - s / 2];
    const [x1, y1] = format === 'xyxy' ? [r, s] : [x0 + r, y0 + s];
    out.set([x0, y0, x1, y1], k);
  }
  return out;
}

/** xyxy pixel boxes written in `format` (normalised by the image's size when `normalized`), as float32. */
export function boxesFromXyxy(boxes: Float64Array, format: BoxFormat, normalized: boolean, shape: ImageShape): Float32Array {
  const out = new Float32Array(boxes.length);
  const sx = normalized ? 1 / shape.width : 1;
  const sy = normalized ? 1 / shape.height : 1;
  for (let k = 0; k < boxes.length; k += 4) {
    const [x0, y0, x1, y1] = [boxes[k], boxes[k + 1], boxes[k + 2], boxes[k + 3]];
    const written = format === 'xyxy' ? [x0, y0, x1, y1] : format === 'xywh' ? [x0, y0, x1 - x0, y1 - y0] : [(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0];
    out.set([written[0] * sx, written[1] * sy, written[2] * sx, written[3] * sy], k);
  }
  return out;
}

/**
 * xyxy boxes through a point map, in place: each box becomes the smallest axis-aligned
 * box holding its four mapped corners (torchvision v2's rule for affine maps).
 */
export function mapBoxes(boxes: Float64Array, m: PointMove): void {
  for (let k = 0; k < boxes.length; k += 4) {
    const corners = [mapPoint(m, boxes[k], boxes[k + 1]), mapPoint(m, boxes[k + 2], boxes[k + 1]), mapPoint(m, boxes[k], boxes[k + 3]), mapPoint(m, boxes[k + 2], boxes[k + 3])];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    boxes.set([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], k);
  }
}

/** xyxy boxes clamped to the image [0, width] × [0, height], in place (torchvision v2 clamp_bounding_boxes). */
export function clampBoxes(boxes: Float64Array, shape: ImageShape): void {
  for (let k = 0; k < boxes.length; k += 4) {
    boxes[k] = Math.min(Math.max(boxes[k], 0), shape.width);
    boxes[k + 1] = Math.min(Math.max(boxes[k + 1], 0), shape.height);
    boxes[k + 2] = Math.min(Math.max(boxes[k + 2], 0), shape.width);
    boxes[k + 3] = Math.min(Math.max(boxes[k + 3], 0), shape.height);
  }
}

/**
 * Keypoints (x, y, visibility triples) through a point map, in place; a keypoint that
 * lands outside [0, width) × [0, height) of the output gets visibility 0 (it keeps its
 * coordinates, so a later op cannot bring it back to view).
 */
export function mapKeypoints(keypoints: Float64Array, m: PointMove, output: ImageShape): void {
  for (let k = 0; k < keypoints.length; k += 3) {
    const [x, y] = mapPoint(m, keypoints[k], keypoints[k + 1]);
    keypoints[k] = x;
    keypoints[k + 1] = y;
    if (!(x >= 0 && x < output.width && y >= 0 && y < output.height)) keypoints[k + 2] = 0;
  }
}

/** When a box is kept after the ops: each limit in output pixels or as a fraction. */
export interface BoxLimits {
  /** Smallest width and height of a kept box, in pixels (torchvision SanitizeBoundingBoxes min_size). Default 1. */
  readonly minSize: number;
  /** Smallest area of a kept box, in pixels² (SanitizeBoundingBoxes min_area). Default 1. */
  readonly minArea: number;
  /** Smallest fraction of the box (as the ops moved it, before clipping) still inside the image (albumentations min_visibility). Default 0. */
  readonly minVisibility: number;
}

/** The default box limits: torchvision's sanitize defaults, no visibility limit. */
export const DEFAULT_BOX_LIMITS: BoxLimits = { minSize: 1, minArea: 1, minVisibility: 0 };

const area = (b: Float64Array, k: number) => Math.max(0, b[k + 2] - b[k]) * Math.max(0, b[k + 3] - b[k + 1]);

/**
 * Which boxes to keep: `clipped` are the boxes clamped after every op, `moved` the same
 * boxes moved without clamping. A box is dropped when its clipped width or height is
 * below minSize, its clipped area below minArea, or clipped/moved area below minVisibility.
 */
export function keptBoxes(clipped: Float64Array, moved: Float64Array, limits: BoxLimits): boolean[] {
  const keep: boolean[] = [];
  for (let k = 0; k < clipped.length; k += 4) {
    const visible = area(clipped, k);
    const whole = area(moved, k);
    const fraction = whole > 0 ? visible / whole : 0;
    keep.push(clipped[k + 2] - clipped[k] >= limits.minSize && clipped[k + 3] - clipped[k + 1] >= limits.minSize && visible >= limits.minArea && fraction >= limits.minVisibility);
  }
  return keep;
}

/** Checks a flat list of numbers whose length is a multiple of `width` (4 for boxes, 3 for keypoints). */
export function checkTargetNumbers(values: unknown, width: number, where: string): asserts values is ArrayLike<number> {
  const list = values as ArrayLike<unknown> | null;
  const ok = (Array.isArray(values) || ArrayBuffer.isView(values)) && typeof list?.length === 'number' && list.length % width === 0;
  if (!ok) throw new DescentError(where, values, `a flat array of numbers, ${width} per ${width === 4 ? 'box' : 'keypoint'}`);
  for (let i = 0; i < list!.length; i++) {
    if (typeof list![i] !== 'number' || !Number.isFinite(list![i])) throw new DescentError(`${where}[${i}]`, list![i], 'a finite number');
  }
}
