import { DescentError } from '../errors';
import { finite, oneOf, type Check } from '../fields';
import type { Random } from '../random/generator';
import type { Interpolation } from './geometry';
import type { ImageShape } from './image-shape';
import type { AugmentOpDefinition } from './op';
import { gaussianKernel } from './tone';

/**
 * `{ type: "elastic" }`: torchvision's elastic_transform. Output pixel (i, j) samples the
 * input at (j + dx·width/2, i + dy·height/2), with (dx, dy) the displacement at (i, j) in
 * grid units (torch grid_sample's, where the image spans [−1, 1] on each axis).
 */
export interface ElasticOpConfig {
  type: 'elastic';
  /** height × width × 2 numbers, row-major: (dx, dy) per pixel, in grid units (torchvision's [1, H, W, 2] displacement). */
  displacement: ArrayLike<number>;
  /** Default "bilinear" (torchvision's). */
  interpolation?: Interpolation;
  /** Value of pixels sampled outside the image, 0..1 units. Default 0. */
  fill?: number;
}

/** The resolved fields of an elastic op. */
export type ElasticParams = Required<Omit<ElasticOpConfig, 'type'>>;

const displacement: Check<ArrayLike<number>> = {
  allowed: 'an array (or Float32Array) of finite numbers, height × width × 2',
  test: (v): v is ArrayLike<number> => {
    if (!(Array.isArray(v) || v instanceof Float32Array || v instanceof Float64Array) || v.length === 0 || v.length % 2 !== 0) return false;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
    return true;
  },
};

/**
 * The input index (ix, iy) every output pixel samples, as row-major pairs: (j + dx·width/2,
 * i + dy·height/2), grid_sample's unnormalisation (align_corners false) of the identity grid
 * plus the displacement.
 */
export function elasticField(h: ElasticParams, input: ImageShape): Float64Array {
  const { height, width } = input;
  const d = h.displacement;
  const field = new Float64Array(height * width * 2);
  for (let i = 0, p = 0; i < height; i++) {
    for (let j = 0; j < width; j++, p += 2) {
      field[p] = j + (d[p] * width) / 2;
      field[p + 1] = i + (d[p + 1] * height) / 2;
    }
  }
  return field;
}

/**
 * torchvision v2's elastic move of boxes and keypoints (its approximate inverse of the field):
 * a point (x, y) goes to (X − dx·width/2, Y − dy·height/2), where (X, Y) = (⌈x⌉, ⌈y⌉) clamped
 * to the pixel indices and (dx, dy) is the displacement there. The point snaps to the index
 * (X, Y) first, as torchvision's does; boxes take the envelope of their four moved corners.
 */
function elasticPoints(h: ElasticParams, input: ImageShape): (x: number, y: number) => [number, number] {
  const { height, width } = input;
  return (x, y) => {
    const X = Math.min(Math.max(Math.ceil(x), 0), width - 1);
    const Y = Math.min(Math.max(Math.ceil(y), 0), height - 1);
    const p = (Y * width + X) * 2;
    return [X - (h.displacement[p] * width) / 2, Y - (h.displacement[p + 1] * height) / 2];
  };
}

/** torchvision's elastic_transform with a given displacement (the same size out). */
export const elastic: AugmentOpDefinition<ElasticParams> = {
  type: 'elastic',
  kind: 'geometry',
  fields: {
    displacement: { check: displacement },
    interpolation: { default: 'bilinear', check: oneOf<Interpolation>('bilinear', 'nearest') },
    fill: { default: 0, check: finite },
  },
  outputShape(h, input, where) {
    if (h.displacement.length !== input.height * input.width * 2) {
      throw new DescentError(`${where}.displacement.length`, h.displacement.length, `${input.height * input.width * 2}: (dx, dy) for each of the image's ${input.height} × ${input.width} pixels`);
    }
    return input;
  },
  warp: (h, input) => ({ output: input, inverse: [1, 0, 0, 0, 1, 0], field: elasticField(h, input), interpolation: h.interpolation, fill: h.fill }),
  points: elasticPoints,
};

/** Index k of an axis of length n after reflect padding (mirror without repeating the edge), as often as a short axis needs. */
function reflect(k: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((k % period) + period) % period;
  return m < n ? m : period - m;
}

/**
 * Convolves `count` values (read at `from + k·step` of `plane`) with `kernel`, reflect padded,
 * writing them back in place; `padded` is scratch of at least count + kernel.length − 1.
 */
function blurLine(plane: Float64Array, from: number, step: number, count: number, kernel: Float64Array, padded: Float64Array): void {
  const half = (kernel.length - 1) / 2;
  for (let k = 0; k < count + 2 * half; k++) padded[k] = plane[from + reflect(k - half, count) * step];
  for (let k = 0; k < count; k++) {
    let sum = 0;
    for (let t = 0; t < kernel.length; t++) sum += kernel[t] * padded[k + t];
    plane[from + k * step] = sum;
  }
}

/** Blurs a height × width plane in place by a separable Gaussian (`across` the rows, then `down` the columns; both of one size), reflecting at the edges. */
function blurPlane(plane: Float64Array, height: number, width: number, across: Float64Array, down: Float64Array): void {
  const padded = new Float64Array(Math.max(height, width) + across.length);
  for (let i = 0; i < height; i++) blurLine(plane, i * width, 1, width, across, padded);
  for (let j = 0; j < width; j++) blurLine(plane, j, width, height, down, padded);
}

/**
 * A random displacement as torchvision v2's ElasticTransform draws it: dx then dy, each
 * uniform in [−1, 1) per pixel (row-major), blurred (unless its σ is 0) by torchvision's
 * gaussian_blur with kernel size ⌊8σ + 1⌋ made odd, σ being sigma[0] for dx and sigma[1]
 * for dy, and the blur's own sigma [sx, sy] = `sigma` (reflect padding), then dx scaled by
 * alpha[0]/height and dy by alpha[1]/width (torchvision's `alpha[0] / size[0]` and
 * `alpha[1] / size[1]`). Returned as the op's height × width × 2 displacement.
 */
export function elasticDisplacement(shape: ImageShape, alpha: [number, number], sigma: [number, number], random: Random): Float32Array {
  const { height, width } = shape;
  const pixels = height * width;
  const out = new Float32Array(pixels * 2);
  const sides = [height, width];
  for (let axis = 0; axis < 2; axis++) {
    const plane = Float64Array.from({ length: pixels }, () => random.nextFloat() * 2 - 1);
    if (sigma[axis] > 0) {
      const raw = Math.trunc(8 * sigma[axis] + 1);
      const size = raw % 2 === 0 ? raw + 1 : raw;
      blurPlane(plane, height, width, gaussianKernel(size, sigma[0]), gaussianKernel(size, sigma[1]));
    }
    const scale = alpha[axis] / sides[axis];
    for (let p = 0; p < pixels; p++) out[p * 2 + axis] = plane[p] * scale;
  }
  return out;
}
