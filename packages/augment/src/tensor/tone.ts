import * as tf from '@tensorflow/tfjs';
import { gaussianKernel, type ResolvedAugmentOp } from '@descent/core';

type Params<T extends ResolvedAugmentOp['type']> = Extract<ResolvedAugmentOp, { type: T }>['params'];

/** The 8-bit levels round(x·255) clamped to 0..255 (tf.round rounds half to even). */
const levelsOf = (x: tf.Tensor4D) => tf.clipByValue(tf.round(tf.mul(x, 255)), 0, 255);
const clamp01 = (x: tf.Tensor) => tf.clipByValue(x, 0, 1) as tf.Tensor4D;

/** ⌊a / b⌋ of whole numbers held as floats, safe from division rounding: (a + ½)/b stays ½/b away from any integer. */
const floorDivide = (a: tf.Tensor | number, b: tf.Tensor | number) => tf.floor(tf.div(tf.add(a, 0.5), b));

/**
 * Per image and channel: torchvision's equalization table (see equalizeTable in @descent/core)
 * computed with tensor ops on whole numbers held as float32 (exact below 2^24) — histogram
 * (a segment sum over level + 256·channel), cumulative sum below each level, step from the
 * count of the highest occupied level — and looked up at each level; channels whose step is
 * 0 are left unchanged. Nothing is read back. (denseBincount and exclusive cumsum gave wrong
 * counts on tfjs-webgpu 4.22, so neither is used.)
 */
function equalize(x: tf.Tensor4D): tf.Tensor4D {
  const [n, height, width, channels] = x.shape;
  const levels = levelsOf(x);
  const base = tf.reshape(tf.mul(tf.range(0, n * channels, 1, 'float32'), 256), [n, 1, 1, channels]);
  const bins = tf.cast(tf.reshape(tf.add(levels, base), [-1]), 'int32') as tf.Tensor1D;
  const histogram = tf.reshape(tf.unsortedSegmentSum(tf.onesLike(bins).toFloat(), bins, n * channels * 256), [n * channels, 256]);
  const occupied = tf.mul(tf.cast(tf.greater(histogram, 0), 'float32'), tf.range(0, 256, 1, 'float32'));
  const last = tf.cast(tf.max(occupied, 1), 'int32');
  const lastCount = tf.sum(tf.mul(histogram, tf.oneHot(last, 256, 1, 0, 'float32')), 1, true);
  const step = floorDivide(tf.sub(height * width, lastCount), 255);
  const below = tf.sub(tf.cumsum(histogram, 1), histogram);
  const table = tf.minimum(255, floorDivide(tf.add(below, floorDivide(step, 2)), tf.maximum(step, 1)));
  const tables = tf.where(tf.broadcastTo(tf.equal(step, 0), table.shape), tf.fill(table.shape, -255), table);
  const looked = tf.reshape(tf.gather(tf.reshape(tables, [-1]), bins), x.shape);
  return tf.where(tf.less(looked, 0), x, tf.div(looked, 255)) as tf.Tensor4D;
}

/** Per channel stretch by its minimum and maximum; flat channels unchanged. */
function autocontrast(x: tf.Tensor4D): tf.Tensor4D {
  const lo = tf.min(x, [1, 2], true);
  const hi = tf.max(x, [1, 2], true);
  const flat = tf.equal(hi, lo);
  const scale = tf.div(1, tf.where(flat, tf.onesLike(hi), tf.sub(hi, lo)));
  return tf.where(tf.broadcastTo(flat, x.shape), x, clamp01(tf.mul(tf.sub(x, lo), scale)));
}

/** Blend with the 3×3 /13 smoothing of the interior (the border keeps its pixels). */
function adjustSharpness(x: tf.Tensor4D, { factor }: Params<'adjustSharpness'>): tf.Tensor4D {
  const [, height, width, channels] = x.shape;
  if (height <= 2 || width <= 2) return clamp01(x);
  const kernel = tf.tile(tf.reshape(tf.tensor1d([1, 1, 1, 1, 5, 1, 1, 1, 1].map((v) => v / 13)), [3, 3, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
  const interior = tf.pad(tf.depthwiseConv2d(x, kernel, 1, 'valid'), [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const inside = tf.pad(tf.ones([1, height - 2, width - 2, 1]), [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const smooth = tf.add(tf.mul(interior, inside), tf.mul(x, tf.sub(1, inside)));
  return clamp01(tf.add(tf.mul(x, factor), tf.mul(smooth, 1 - factor)));
}

/** Reflect padding, then the separable Gaussian along columns and rows. */
function gaussianBlur(x: tf.Tensor4D, { kernelSize, sigma }: Params<'gaussianBlur'>): tf.Tensor4D {
  const channels = x.shape[3];
  const [hx, hy] = [(kernelSize[0] - 1) / 2, (kernelSize[1] - 1) / 2];
  const padded = tf.mirrorPad(x, [[0, 0], [hy, hy], [hx, hx], [0, 0]], 'reflect');
  const along = (k: Float64Array, shape: [number, number]) => tf.tile(tf.reshape(tf.tensor1d(Float32Array.from(k)), [...shape, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
  const cols = tf.depthwiseConv2d(padded, along(gaussianKernel(kernelSize[0], sigma[0]), [1, kernelSize[0]]), 1, 'valid');
  return tf.depthwiseConv2d(cols, along(gaussianKernel(kernelSize[1], sigma[1]), [kernelSize[1], 1]), 1, 'valid');
}

/** The tone, filter and channel ops on a batch tensor, or null for another op. */
export function applyToneOp(x: tf.Tensor4D, op: ResolvedAugmentOp): tf.Tensor4D | null {
  switch (op.type) {
    case 'invert':
      return tf.sub(1, x) as tf.Tensor4D;
    case 'solarize':
      return tf.where(tf.greaterEqual(x, op.params.threshold), tf.sub(1, x), x) as tf.Tensor4D;
    case 'posterize': {
      const step = 2 ** (8 - op.params.bits);
      return tf.div(tf.mul(tf.floor(tf.div(levelsOf(x), step)), step), 255) as tf.Tensor4D;
    }
    case 'adjustGamma':
      return clamp01(tf.mul(tf.pow(x, op.params.gamma), op.params.gain));
    case 'equalize':
      return equalize(x);
    case 'autocontrast':
      return autocontrast(x);
    case 'adjustSharpness':
      return adjustSharpness(x, op.params);
    case 'gaussianBlur':
      return gaussianBlur(x, op.params);
    case 'permuteChannels':
      return tf.gather(x, tf.tensor1d(op.params.permutation, 'int32'), 3);
    default:
      return null;
  }
}
