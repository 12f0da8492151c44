import * as tf from '@tensorflow/tfjs';
import {
  augMixChains,
  augmentGeometry,
  augmentWarp,
  warpTaps,
  augmentOutputShape,
  DescentError,
  eraseRegion,
  GRAYSCALE_WEIGHTS,
  pcaLightingOffsets,
  Random,
  resolveAugmentOp,
  type AugmentOpConfig,
  type AxisMap,
  type Geometry,
  type ImageShape,
  type ResolvedAugmentOp,
  type Warp,
} from '@descent/core';
import { applyToneOp } from './tone';

/** The shape of the images of a batch tensor. */
export const imageShapeOf = (x: tf.Tensor4D): ImageShape => ({ height: x.shape[1], width: x.shape[2], channels: x.shape[3] });

/** Checks a batch tensor: rank 4, float32, non-empty. */
export function checkImageTensor(x: unknown, where: string): asserts x is tf.Tensor4D {
  if (!(x instanceof tf.Tensor) || x.rank !== 4) throw new DescentError(where, x, 'a tf.Tensor4D [count, height, width, channels]');
  if (x.dtype !== 'float32') throw new DescentError(`${where}.dtype`, x.dtype, '"float32" with values in 0..1 (convert bytes with x.toFloat().div(255))');
  if ((x.shape as number[]).some((d: number) => d === 0)) throw new DescentError(`${where}.shape`, x.shape, 'no zero-sized dimension');
}

/** Resamples one axis: out = x[i0]·w0 (+ x[i1]·w1 when the map blends), in the kernels' order. */
function resampleAxis(x: tf.Tensor4D, map: AxisMap, axis: 1 | 2): tf.Tensor4D {
  const shape = axis === 1 ? [1, map.length, 1, 1] : [1, 1, map.length, 1];
  const first = tf.mul(tf.gather(x, tf.tensor1d(map.i0, 'int32'), axis), tf.tensor(Float32Array.from(map.w0), shape));
  if (!map.linear) return first as tf.Tensor4D;
  return tf.add(first, tf.mul(tf.gather(x, tf.tensor1d(map.i1, 'int32'), axis), tf.tensor(Float32Array.from(map.w1), shape))) as tf.Tensor4D;
}

/** A geometry on tensors: columns first, then rows, then the fill where taps fell outside, as the typed-array kernels do. */
function sample(x: tf.Tensor4D, g: Geometry): tf.Tensor4D {
  const out = resampleAxis(resampleAxis(x, g.cols, 2), g.rows, 1);
  if (g.fill === 0) return out;
  const cover = (m: AxisMap) => Float32Array.from(m.w0, (w, o) => Math.fround(w) + Math.fround(m.w1[o]));
  const rowCover = tf.tensor(cover(g.rows), [1, g.rows.length, 1, 1]);
  const colCover = tf.tensor(cover(g.cols), [1, 1, g.cols.length, 1]);
  return tf.add(out, tf.mul(g.fill, tf.sub(1, tf.mul(rowCover, colCover)))) as tf.Tensor4D;
}

export const greyOf = (x: tf.Tensor4D): tf.Tensor4D =>
  x.shape[3] === 1 ? x : (tf.sum(tf.mul(x, tf.tensor1d([...GRAYSCALE_WEIGHTS])), -1, true) as tf.Tensor4D);

const blend = (x: tf.Tensor4D, factor: number, other: tf.Tensor): tf.Tensor4D =>
  tf.clipByValue(tf.add(tf.mul(x, factor), tf.mul(other, 1 - factor)), 0, 1) as tf.Tensor4D;

/** torchvision's HSV round trip with the hue turned by `factor` (element-wise tf ops). */
export function adjustHue(x: tf.Tensor4D, factor: number | tf.Tensor): tf.Tensor4D {
  const [r, g, b] = tf.split(x, 3, -1);
  const max = tf.max(x, -1, true);
  const min = tf.min(x, -1, true);
  const flat = tf.equal(max, min);
  const range = tf.sub(max, min);
  const ones = tf.onesLike(max);
  const saturation = tf.div(range, tf.where(flat, ones, max));
  const divisor = tf.where(flat, ones, range);
  const [rc, gc, bc] = [r, g, b].map((c) => tf.div(tf.sub(max, c), divisor));
  const isR = tf.equal(max, r);
  const isG = tf.logicalAnd(tf.equal(max, g), tf.logicalNot(isR));
  const isB = tf.logicalAnd(tf.logicalNot(tf.equal(max, g)), tf.logicalNot(isR));
  const hue = tf.addN([
    tf.mul(tf.cast(isR, 'float32'), tf.sub(bc, gc)),
    tf.mul(tf.cast(isG, 'float32'), tf.add(2, tf.sub(rc, bc))),
    tf.mul(tf.cast(isB, 'float32'), tf.add(4, tf.sub(gc, rc))),
  ]);
  const turned = tf.mod(tf.add(tf.mod(tf.add(tf.div(hue, 6), 1), 1), factor), 1);
  const h6 = tf.mul(turned, 6);
  const sector = tf.floor(h6);
  const f = tf.sub(h6, sector);
  const i = tf.mod(sector, 6);
  const v = max;
  const p = tf.clipByValue(tf.mul(v, tf.sub(1, saturation)), 0, 1);
  const q = tf.clipByValue(tf.mul(v, tf.sub(1, tf.mul(saturation, f))), 0, 1);
  const t = tf.clipByValue(tf.mul(v, tf.sub(1, tf.mul(saturation, tf.sub(1, f)))), 0, 1);
  const pick = (choices: tf.Tensor[]) => choices.reduceRight((rest, c, k) => tf.where(tf.equal(i, k), c, rest));
  return tf.concat([pick([v, q, p, p, t, v]), pick([t, v, v, q, p, p]), pick([p, p, t, v, v, q])], -1) as tf.Tensor4D;
}

function erase(x: tf.Tensor4D, h: Extract<ResolvedAugmentOp, { type: 'erase' }>['params']): tf.Tensor4D {
  const { height, width, channels } = imageShapeOf(x);
  const { top, left, bottom, right } = eraseRegion(h, height, width);
  const mask = new Float32Array(height * width * channels);
  const fill = new Float32Array(height * width * channels);
  const noise = h.noiseSeed === null ? null : new Random(h.noiseSeed);
  const values = Array.isArray(h.value) ? h.value : [h.value];
  for (let y = top; y < bottom; y++) {
    for (let xx = left; xx < right; xx++) {
      for (let c = 0; c < channels; c++) {
        const at = (y * width + xx) * channels + c;
        mask[at] = 1;
        fill[at] = noise === null ? values[values.length === 1 ? 0 : c] : noise.nextNormal();
      }
    }
  }
  const m = tf.tensor(mask, [1, height, width, channels]);
  return tf.add(tf.mul(x, tf.sub(1, m)), tf.tensor(fill, [1, height, width, channels])) as tf.Tensor4D;
}

/** A rotate or affine warp on tensors: each tap a gather of the flattened pixels times its weight, then ·m + (1 − m)·fill. */
function warp(x: tf.Tensor4D, w: Warp): tf.Tensor4D {
  const [n, height, width, channels] = x.shape;
  const { count, index, weight, cover } = warpTaps(w, { height, width, channels });
  const pixels = cover.length;
  const flat = tf.reshape(x, [n, height * width, channels]);
  const column = (k: number, values: ArrayLike<number>) => Float32Array.from({ length: pixels }, (_, p) => values[p * count + k]);
  const taps = Array.from({ length: count }, (_, k) =>
    tf.mul(tf.gather(flat, tf.tensor1d(Int32Array.from(column(k, index)), 'int32'), 1), tf.tensor(column(k, weight), [1, pixels, 1])),
  );
  const m = tf.tensor(Float32Array.from(cover), [1, pixels, 1]);
  const out = tf.add(tf.mul(tf.addN(taps), m), tf.mul(tf.sub(1, m), w.fill));
  return tf.reshape(out, [n, w.output.height, w.output.width, channels]) as tf.Tensor4D;
}

/** AugMix's blend in torchvision's order: mix·x, then + weight·chain(x) chain by chain. */
function augMix(x: tf.Tensor4D, op: Extract<ResolvedAugmentOp, { type: 'augMix' }>): tf.Tensor4D {
  const { weights, mix } = op.params;
  return augMixChains(op.params, op.where).reduce<tf.Tensor4D>(
    (sum, chain, i) => tf.add(sum, tf.mul(chain.reduce((image, chainOp) => applyResolved(image, chainOp), x), weights[i])),
    tf.mul(x, mix),
  );
}

/** One resolved op on every image of a batch tensor (not tidied: callers wrap in tf.tidy). */
export function applyResolved(x: tf.Tensor4D, op: ResolvedAugmentOp): tf.Tensor4D {
  const shape = imageShapeOf(x);
  augmentOutputShape(op, shape);
  const geometry = augmentGeometry(op, shape);
  if (geometry !== null) return sample(x, geometry);
  const warping = augmentWarp(op, shape);
  if (warping !== null) return warp(x, warping);
  const grey = shape.channels === 1;
  switch (op.type) {
    case 'adjustBrightness':
      return tf.clipByValue(tf.mul(x, op.params.factor), 0, 1) as tf.Tensor4D;
    case 'adjustContrast':
      return blend(x, op.params.factor, tf.mean(greyOf(x), [1, 2, 3], true));
    case 'adjustSaturation':
      return grey ? x : blend(x, op.params.factor, greyOf(x));
    case 'adjustHue':
      return grey ? x : adjustHue(x, op.params.factor);
    case 'grayscale':
      return tf.tile(greyOf(x), [1, 1, 1, op.params.channels]);
    case 'normalize': {
      const perChannel = (v: number[]) => tf.tensor1d(v.length === 1 ? new Array<number>(shape.channels).fill(v[0]) : v);
      return tf.div(tf.sub(x, perChannel(op.params.mean)), perChannel(op.params.std)) as tf.Tensor4D;
    }
    case 'erase':
      return erase(x, op.params);
    case 'pcaLighting':
      return tf.add(x, tf.tensor1d(pcaLightingOffsets(op.params))) as tf.Tensor4D;
    case 'augMix':
      return augMix(x, op);
    default: {
      const toned = applyToneOp(x, op);
      if (toned === null) throw new DescentError(`${op.where}.type`, op.type, 'an op with a tensor implementation');
      return toned;
    }
  }
}

/**
 * Applies op configs (or resolved ops) in order to every image of a float32 Tensor4D with
 * values in 0..1, with tf ops on whatever backend is active: the typed-array ops' numbers
 * (bit for bit for geometry on the cpu backend, within float rounding for colour).
 */
export function applyOpsToTensor(x: tf.Tensor4D, ops: readonly (AugmentOpConfig | ResolvedAugmentOp)[]): tf.Tensor4D {
  checkImageTensor(x, 'x');
  const resolved = ops.map((op, i) => ('params' in op ? op : resolveAugmentOp(op, `ops[${i}]`)));
  resolved.reduce((shape, op) => augmentOutputShape(op, shape), imageShapeOf(x));
  return tf.tidy(() => resolved.reduce((current, op) => applyResolved(current, op), x));
}

/** One op config on every image of a batch tensor. */
export function applyOpToTensor(x: tf.Tensor4D, op: AugmentOpConfig): tf.Tensor4D {
  return applyOpsToTensor(x, [op]);
}
