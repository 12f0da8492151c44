import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';

/** tfjs 4.22's wasm backend computes a 3-D convolution's filter gradient but has no 2-D one. */
const CONV3D_FILTER_GRADIENT = 'Conv3DBackpropFilterV2';

/**
 * The filter gradient of a 2-D convolution on the wasm backend, computed by the backend's
 * 3-D kernel on the same memory seen as a volume of depth 1: an NHWC tensor [b, h, w, c] is
 * [b, 1, h, w, c] without a copy, and the [1, kh, kw, in, out] result is the 2-D filter.
 * Strides of 1 with "same" or "valid" padding, the common case (tfjs-wasm 4.22's 3-D kernel
 * disagrees with the cpu backend for larger strides).
 */
const conv2dFilterGradient: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined || attrs === undefined) throw new DescentError('Conv2DBackpropFilter', inputs, 'inputs x and dy with attributes');
  const strides = attrs.strides as tf.Conv2DBackpropFilterAttrs['strides'];
  const pad = attrs.pad as tf.Conv2DBackpropFilterAttrs['pad'];
  const filterShape = attrs.filterShape as tf.Conv2DBackpropFilterAttrs['filterShape'];
  if (attrs.dataFormat !== 'NHWC') throw new DescentError('conv2d dataFormat', attrs.dataFormat, '"NHWC" (channels last) on the wasm backend');
  if (pad !== 'same' && pad !== 'valid') throw new DescentError('conv2d pad', pad, '"same" or "valid" when training on the wasm backend');
  if (![strides].flat().every((stride) => stride === 1)) throw new DescentError('conv2d strides', strides, '1 when training on the wasm backend (its 3-D filter gradient is wrong for larger strides)');
  const volume = (info: tf.TensorInfo): tf.TensorInfo => ({ dataId: info.dataId, dtype: info.dtype, shape: [info.shape[0], 1, ...info.shape.slice(1)] });
  const kernel = tf.getKernel(CONV3D_FILTER_GRADIENT, 'wasm');
  if (kernel === undefined) throw new DescentError('backend', 'wasm', `a wasm backend with the ${CONV3D_FILTER_GRADIENT} kernel (@tensorflow/tfjs-backend-wasm 4.x)`);
  const gradient = kernel.kernelFunc({
    inputs: { x: volume(x), dy: volume(dy) },
    backend,
    attrs: { strides: [1, 1, 1], pad, filterShape: [1, ...filterShape] },
  }) as tf.TensorInfo;
  return { dataId: gradient.dataId, dtype: gradient.dtype, shape: filterShape };
};

/**
 * Registers the 2-D convolution filter gradient (`Conv2DBackpropFilter`) for tfjs's wasm
 * backend, which lacks it in tfjs 4.22, so that convolutional layers train there (fit,
 * fine-tuning) — for convolutions of stride 1 with "same" or "valid" padding; others
 * throw a DescentError when trained. Does nothing when a kernel is already registered. Safe to call before the
 * wasm backend is loaded.
 */
export function registerWasmConvGradient(): void {
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2dFilterGradient });
}
