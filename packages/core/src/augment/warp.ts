import { boolean, finite, oneOf, positive, type Check } from '../fields';
import { numberTuple } from './checks';
import type { Interpolation } from './geometry';
import type { ImageShape } from './image-shape';
import type { AugmentOpDefinition } from './op';
import { roundHalfEven } from './rounding';
import type { PointMap } from './targets';

/**
 * How a rotate or affine op samples its input: output pixel (i, j) reads the input at the
 * continuous pixel index (ix, iy) = (a·j + b·i + c, d·j + e·i + f) (pixel centres at
 * integers, torch grid_sample with align_corners false), bilinear (4 taps, zeros outside)
 * or nearest (round half to even), then torchvision's fill rule: with m the same sampling
 * of an all-ones plane, bilinear gives S(x)·m + (1 − m)·fill and nearest gives fill where
 * the source pixel is outside.
 */
export interface Warp {
  readonly output: ImageShape;
  /** [a, b, c, d, e, f]: input index from output index. */
  readonly inverse: PointMap;
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
  const [a, b, c, d, e, f] = warp.inverse;
  const { width, height } = input;
  const pixels = warp.output.height * warp.output.width;
  const count = warp.interpolation === 'bilinear' ? 4 : 1;
  const index = new Int32Array(pixels * count);
  const weight = new Float64Array(pixels * count);
  const cover = new Float64Array(pixels);
  const put = (p: number, k: number, x: number, y: number, w: number) => {
    if (x < 0 || x >= width || y < 0 || y >= height || w === 0) return;
    index[p * count + k] = y * width + x;
    weight[p * count + k] = w;
    cover[p] += w;
  };
  for (let i = 0, p = 0; i < warp.output.height; i++) {
    for (let j = 0; j < warp.output.width; j++, p++) {
      const ix = a * j + b * i + c;
      const iy = d * j + e * i + f;
      if (count === 1) {
        put(p, 0, roundHalfEven(ix), roundHalfEven(iy), 1);
        continue;
      }
      const x0 = Math.floor(ix);
      const y0 = Math.floor(iy);
      const fx = ix - x0;
      const fy = iy - y0;
      put(p, 0, x0, y0, (1 - fx) * (1 - fy));
      put(p, 1, x0 + 1, y0, fx * (1 - fy));
      put(p, 2, x0, y0 + 1, (1 - fx) * fy);
      put(p, 3, x0 + 1, y0 + 1, fx * fy);
    }
  }
  return { count, index, weight, cover };
}
