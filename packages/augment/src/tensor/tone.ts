import * as tf from '@tensorflow/tfjs';
import { equalizeTable, gaussianKernel, type ResolvedAugmentOp } from '@descent/core';

type Params<T extends ResolvedAugmentOp['type']> = Extract<ResolvedAugmentOp, { type: T }>['params'];

/** The 8-bit levels round(x·255) clamped to 0..255 (tf.round rounds half to even). */
const levelsOf = (x: tf.Tensor4D) => tf.clipByValue(tf.round(tf.mul(x, 255)), 0, 255);
const clamp01 = (x: tf.Tensor) => tf.clipByValue(x, 0, 1) as tf.Tensor4D;

/** Per image and channel: the equalization table looked up at each level (histograms are read back: 256 numbers per channel). */
function equalize(x: tf.Tensor4D): tf.Tensor4D {
  const [n, height, width, channels] = x.shape;
  const levels = tf.cast(levelsOf(x), 'int32');
  const rows = tf.reshape(tf.transpose(levels, [0, 3, 1, 2]), [n * channels, height * width]) as tf.Tensor2D;
  const histograms = tf.denseBincount(rows, [], 256).dataSync();
  const tables = new Float32Array(n * channels * 256);
  for (let r = 0; r < n * channels; r++) {
    const table = equalizeTable(histograms.subarray(r * 256, r * 256 + 256));
    for (let v = 0; v < 256; v++) tables[r * 256 + v] = table === null ? -1 : table[v] / 255;
  }
  const base = tf.reshape(tf.mul(tf.range(0, n * channels, 1, 'int32'), 256), [n, 1, 1, channels]);
  const looked = tf.reshape(tf.gather(tf.tensor1d(tables), tf.cast(tf.reshape(tf.add(levels, base), [-1]), 'int32')), x.shape) as tf.Tensor4D;
  return tf.where(tf.less(looked, 0), x, looked);
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
