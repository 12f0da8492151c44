import { boolean, finite, oneOf, positive, type Check } from '../fields';
import { numberTuple } from './checks';
import type { Interpolation } from './geometry';
import type { ImageShape } from './image-shape';
import type { AugmentOpDefinition } from './op';
import { roundHalfEven } from './rounding';
import type { PointMap } from './targets';

/**
 * How a rotate, affine or perspective op samples its input: output pixel (i, j) reads the
 * input at the continuous pixel index (ix, iy) = inverse(j, i) (a PointMap; pixel centres at
 * integers, torch grid_sample with align_corners false), bilinear (4 taps, zeros outside)
 * or nearest (round half to even), then torchvision's fill rule: with m the same sampling
 * of an all-ones plane, bilinear gives S(x)·m + (1 − m)·fill and nearest gives fill where
 * the source pixel is outside.
 */
export interface Warp {
  readonly output: ImageShape;
  /** Input index from output index. */
  readonly inverse: PointMap;
  /**
   * For warps no map expresses (elastic): the input index (ix, iy) of every output pixel, as
   * row-major pairs; when given it replaces `inverse` (then the identity).
   */
  readonly field?: Float64Array;
  readonly interpolation: Interpolation;
  /** In 0..1 units, for every channel. */
  readonly fill: number;
}

/** `{ type: "rotate" }`: turns the picture by `angle` degrees counter-clockwise about its centre (torchvision rotate). */
export interface RotateOpConfig {
  type: 'rotate';
  angle: number;
  /** Default "nearest" (torchvision's). */
  interpolation?: Interpolation;
  /** Grow the output to hold the whole turned image. Default false. */
  expand?: boolean;
  /** Value of the uncovered corners, in 0..1 units. Default 0. */
  fill?: number;
}

/**
 * `{ type: "affine" }`: torchvision affine about the centre (or `center`): rotate by `angle` degrees
 * (clockwise, as torchvision's affine turns), scale, shear by [sx, sy] degrees, then
 * translate by [tx, ty] pixels. The output has the input's size.
 */
export interface AffineOpConfig {
  type: 'affine';
  angle: number;
  /** [tx, ty] in pixels. Default [0, 0]. */
  translate?: [number, number];
  /** Default 1. */
  scale?: number;
  /** [sx, sy] in degrees. Default [0, 0]. */
  shear?: [number, number];
  /** Default "nearest". */
  interpolation?: Interpolation;
  /** Default 0. */
  fill?: number;
  /** The fixed point [x, y] in continuous pixel coordinates ([0, 0] is the top-left corner); null (default) for the image's centre. */
  center?: [number, number] | null;
}

/** The resolved fields of a rotate op. */
export type RotateParams = Required<Omit<RotateOpConfig, 'type'>>;
/** The resolved fields of an affine op. */
export type AffineParams = Required<Omit<AffineOpConfig, 'type'>>;

const RADIANS = Math.PI / 180;
const interpolation = { default: 'nearest' as Interpolation, check: oneOf<Interpolation>('bilinear', 'nearest') };
/** cos and sin of an angle in degrees, with values below 1e-12 set to 0 (so 90° turns are exact). */
function cosSin(degrees: number): [number, number] {
  const clean = (v: number) => (Math.abs(v) < 1e-12 ? 0 : v);
  return [clean(Math.cos(degrees * RADIANS)), clean(Math.sin(degrees * RADIANS))];
}

/** One side of an expanded rotation: ⌈T(s/2 + S/2)⌉ − ⌊T(s/2 − S/2)⌋ with T truncating to 1e-4 (torchvision). */
function expandedSide(side: number, extent: number): number {
  const t = (v: number) => Math.trunc(v * 1e4) / 1e4;
  return Math.ceil(t(side / 2 + extent / 2)) - Math.floor(t(side / 2 - extent / 2));
}

function rotatedShape(h: RotateParams, input: ImageShape): ImageShape {
  if (!h.expand) return input;
  const [cos, sin] = cosSin(h.angle);
  const { height, width } = input;
  return {
    height: expandedSide(height, Math.abs(width * sin) + Math.abs(height * cos)),
    width: expandedSide(width, Math.abs(width * cos) + Math.abs(height * sin)),
    channels: input.channels,
  };
}

/** torchvision's rotate (the picture turns counter-clockwise for a positive angle). */
export const rotate: AugmentOpDefinition<RotateParams> = {
  type: 'rotate',
  kind: 'geometry',
  fields: { angle: { check: finite }, interpolation, expand: { default: false, check: boolean }, fill: { default: 0, check: finite } },
  outputShape: rotatedShape,
  warp(h, input) {
    const output = rotatedShape(h, input);
    const [cos, sin] = cosSin(h.angle);
    const px = 0.5 - output.width / 2;
    const py = 0.5 - output.height / 2;
    const inverse: PointMap = [cos, -sin, cos * px - sin * py + (input.width - 1) / 2, sin, cos, sin * px + cos * py + (input.height - 1) / 2];
    return { output, inverse, interpolation: h.interpolation, fill: h.fill };
  },
  points(h, input) {
    const output = rotatedShape(h, input);
    const [cos, sin] = cosSin(h.angle);
    const [cx, cy] = [input.width / 2, input.height / 2];
    return [cos, sin, -cos * cx - sin * cy + output.width / 2, -sin, cos, sin * cx - cos * cy + output.height / 2];
  },
};

/** The 2×2 map M = s·R(θ)·ShY(sy)·ShX(sx) of torchvision's affine, as [A, B, C, D]. */
function affineMatrix(h: AffineParams): [number, number, number, number] {
  const [theta, sx, sy] = [h.angle * RADIANS, h.shear[0] * RADIANS, h.shear[1] * RADIANS];
  const A = Math.cos(theta - sy) / Math.cos(sy);
  const B = (-Math.cos(theta - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(theta);
  const C = Math.sin(theta - sy) / Math.cos(sy);
  const D = (-Math.sin(theta - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(theta);
  return [h.scale * A, h.scale * B, h.scale * C, h.scale * D];
}

const pair: Check<[number, number]> = { allowed: 'an array of 2 finite numbers', test: (v): v is [number, number] => numberTuple(2).test(v) };
const shearAngle: Check<[number, number]> = { allowed: '[sx, sy] in degrees, each in (−90, 90)', test: (v): v is [number, number] => pair.test(v) && v.every((a) => Math.abs(a) < 90) };

/** torchvision's affine (the same size out; positive angle turns clockwise). */
export const affine: AugmentOpDefinition<AffineParams> = {
  type: 'affine',
  kind: 'geometry',
  fields: {
    angle: { check: finite },
    translate: { default: [0, 0], check: pair },
    scale: { default: 1, check: positive },
    shear: { default: [0, 0], check: shearAngle },
    interpolation,
    fill: { default: 0, check: finite },
    center: { default: null, check: { allowed: `null or ${pair.allowed}`, test: (v): v is [number, number] | null => v === null || pair.test(v) } },
  },
  outputShape: (_, input) => input,
  warp(h, input) {
    const [A, B, C, D] = affineMatrix(h);
    const det = A * D - B * C;
    const [ia, ib, ic, id] = [D / det, -B / det, -C / det, A / det];
    const [cx, cy] = h.center ?? [input.width / 2, input.height / 2];
    // input index = c + M⁻¹·(j + ½ − cx − tx, i + ½ − cy − ty) − ½
    const ox = 0.5 - cx - h.translate[0];
    const oy = 0.5 - cy - h.translate[1];
    const inverse: PointMap = [ia, ib, ia * ox + ib * oy + cx - 0.5, ic, id, ic * ox + id * oy + cy - 0.5];
    return { output: input, inverse, interpolation: h.interpolation, fill: h.fill };
  },
  points(h, input) {
    const [A, B, C, D] = affineMatrix(h);
    const [cx, cy] = h.center ?? [input.width / 2, input.height / 2];
    return [A, B, -A * cx - B * cy + h.translate[0] + cx, C, D, -C * cx - D * cy + h.translate[1] + cy];
  },
};

/**
 * The taps of a warp, per output pixel (row-major): `count` input pixel indices
 * (y·width + x; 0 where the tap is outside, with weight 0) and weights, and `cover` m, the
 * weight that fell inside (the all-ones plane sampled the same way). Backends compute
 * Σ weight·x[index], then ·m + (1 − m)·fill.
 */
export interface WarpTaps {
  readonly count: 1 | 4;
  readonly index: Int32Array;
  readonly weight: Float64Array;
  readonly cover: Float64Array;
}

/** The taps of a warp on an input of `input`'s size. */
export function warpTaps(warp: Warp, input: ImageShape): WarpTaps {
  const m = warp.inverse;
  const [a, b, c, d, e, f] = m;
  const [g, h] = m.length === 8 ? [m[6], m[7]] : [0, 0];
  const { width, height } = input;
  const pixels = warp.output.height * warp.output.width;
  const count = warp.interpolation === 'bilinear' ? 4 : 1;
  const index = new Int32Array(pixels * count);
  const weight = new Float64Array(pixels * count);
  const cover = new Float64Array(pixels);
  const field = warp.field;
  for (let i = 0, p = 0; i < warp.output.height; i++) {
    for (let j = 0; j < warp.output.width; j++, p++) {
      const w = g * j + h * i + 1;
      const ix = field === undefined ? (a * j + b * i + c) / w : field[2 * p];
      const iy = field === undefined ? (d * j + e * i + f) / w : field[2 * p + 1];
      if (count === 1) {
        const x = roundHalfEven(ix);
        const y = roundHalfEven(iy);
        if (x >= 0 && x < width && y >= 0 && y < height) {
          index[p] = y * width + x;
          weight[p] = 1;
          cover[p] = 1;
        }
        continue;
      }
      const x0 = Math.floor(ix);
      const y0 = Math.floor(iy);
      const fx = ix - x0;
      const fy = iy - y0;
      for (let k = 0; k < 4; k++) {
        const x = x0 + (k & 1);
        const y = y0 + (k >> 1);
        const tap = ((k & 1) === 1 ? fx : 1 - fx) * ((k >> 1) === 1 ? fy : 1 - fy);
        if (x < 0 || x >= width || y < 0 || y >= height || tap === 0) continue;
        index[p * 4 + k] = y * width + x;
        weight[p * 4 + k] = tap;
        cover[p] += tap;
      }
    }
  }
  return { count, index, weight, cover };
}

/** `{ type: "perspective" }`: moves the picture's `startpoints` to `endpoints` (torchvision perspective). */
export interface PerspectiveOpConfig {
  type: 'perspective';
  /** Four [x, y] in continuous pixel coordinates: top-left, top-right, bottom-right, bottom-left. */
  startpoints: number[][];
  /** Where they go. */
  endpoints: number[][];
  /** Default "bilinear" (torchvision's). */
  interpolation?: Interpolation;
  /** Default 0. */
  fill?: number;
}

/** The resolved fields of a perspective op. */
export type PerspectiveParams = Required<Omit<PerspectiveOpConfig, 'type'>>;

/** The homography [a, b, c, d, e, f, g, h] that maps each `from` point to its `to` point (8 equations, Gaussian elimination). */
export function homography(from: readonly number[][], to: readonly number[][]): PointMap {
  const rows = from.flatMap(([x, y], k) => {
    const [u, v] = to[k];
    return [[x, y, 1, 0, 0, 0, -u * x, -u * y, u], [0, 0, 0, x, y, 1, -v * x, -v * y, v]];
  });
  for (let col = 0; col < 8; col++) {
    const pivot = rows.slice(col).reduce((best, row, k) => (Math.abs(row[col]) > Math.abs(rows[best][col]) ? col + k : best), col);
    [rows[col], rows[pivot]] = [rows[pivot], rows[col]];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const factor = rows[r][col] / rows[col][col];
      for (let k = col; k < 9; k++) rows[r][k] -= factor * rows[col][k];
    }
  }
  const [a, b, c, d, e, f, g, h] = rows.map((row, k) => row[8] / row[k]);
  return [a, b, c, d, e, f, g, h];
}

const quad: Check<number[][]> = {
  allowed: 'four [x, y] points of finite numbers (top-left, top-right, bottom-right, bottom-left), no three on a line',
  test: (v): v is number[][] => {
    if (!(Array.isArray(v) && v.length === 4 && v.every((p) => pair.test(p)))) return false;
    const cross = (o: number[], p: number[], q: number[]) => (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
    return [0, 1, 2, 3].every((k) => Math.abs(cross(v[k], v[(k + 1) % 4], v[(k + 2) % 4])) > 1e-9);
  },
};

/** torchvision's perspective: output (i, j) samples the input where the homography from endpoints to startpoints sends (j + ½, i + ½), minus ½. */
export const perspective: AugmentOpDefinition<PerspectiveParams> = {
  type: 'perspective',
  kind: 'geometry',
  fields: { startpoints: { check: quad }, endpoints: { check: quad }, interpolation: { ...interpolation, default: 'bilinear' }, fill: { default: 0, check: finite } },
  outputShape: (_, input) => input,
  warp(h, input) {
    const [a, b, c, d, e, f, g, k] = homography(h.endpoints, h.startpoints) as readonly number[];
    // substitute x = j + ½, y = i + ½ and subtract ½ from the result, staying a homography of (j, i)
    const w0 = 1 + g / 2 + k / 2;
    const scaled = [a - g / 2, b - k / 2, c + a / 2 + b / 2 - w0 / 2, d - g / 2, e - k / 2, f + d / 2 + e / 2 - w0 / 2, g, k].map((v) => v / w0);
    return { output: input, inverse: [scaled[0], scaled[1], scaled[2], scaled[3], scaled[4], scaled[5], scaled[6], scaled[7]], interpolation: h.interpolation, fill: h.fill };
  },
  points: (h) => homography(h.startpoints, h.endpoints),
};
