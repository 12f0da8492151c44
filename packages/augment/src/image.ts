import { checkImageShape, DescentError, type ImageShape } from '@descent/core';
import { kernels } from './engine/kernels';

/**
 * The pixels of images, row-major height × width × channels. Float32Array holds values
 * in 0..1 (for photos; other ranges pass through geometric ops untouched). Uint8Array
 * holds 0..255 meaning 0..1: every op computes on the value ÷ 255 and stores its result
 * rounded to the nearest integer (ties to even) and clamped to 0..255, and every
 * parameter (fill values, means, lighting) is given in 0..1 units for both.
 */
export type PixelArray = Float32Array | Uint8Array;

/** One image: its pixels and shape. */
export interface Image<P extends PixelArray = PixelArray> extends ImageShape {
  readonly data: P;
}

/** `count` images of one shape, stored one after another (NHWC, like a tf.Tensor4D). */
export interface ImageBatch<P extends PixelArray = PixelArray> extends Image<P> {
  readonly count: number;
}

/** An image from its pixels and `[height, width, channels]`; throws when the data does not fill the shape. */
export function image<P extends PixelArray>(data: P, shape: readonly [number, number, number]): Image<P> {
  checkPixels(data, 'image');
  const { height, width, channels } = checkImageShape(shape, data.length, 'image');
  return { data, height, width, channels };
}

/** A batch from its pixels and `[count, height, width, channels]`. */
export function imageBatch<P extends PixelArray>(data: P, shape: readonly [number, number, number, number]): ImageBatch<P> {
  checkPixels(data, 'batch');
  const { count, height, width, channels } = checkImageShape(shape, data.length, 'batch', true);
  return { data, count, height, width, channels };
}

/** True when `input` is a batch (has a `count`). */
export function isBatch(input: Image): input is ImageBatch {
  return (input as Partial<ImageBatch>).count !== undefined;
}

/** The images of an input as a batch view (a single image is a batch of one). No copy. */
export function asBatch<P extends PixelArray>(input: Image<P>, where: string): ImageBatch<P> {
  if (typeof input !== 'object' || input === null) throw new DescentError(where, input, 'an image { data, height, width, channels } or a batch with count');
  checkPixels(input.data, `${where}.data`);
  const batch = isBatch(input);
  const count = batch ? (input as ImageBatch<P>).count : 1;
  const shape = batch ? [count, input.height, input.width, input.channels] : [input.height, input.width, input.channels];
  checkImageShape(shape, input.data.length, where, batch);
  return { data: input.data, count, height: input.height, width: input.width, channels: input.channels };
}

/** Throws unless every value of float pixels is finite (NaN and ±Infinity are rejected). */
export function checkFinitePixels(data: PixelArray, where: string): void {
  if (!(data instanceof Float32Array)) return;
  const at = kernels().firstNonFinite(data);
  if (at >= 0) throw new DescentError(`${where}[${at}]`, data[at], 'a finite pixel value');
}

function checkPixels(data: unknown, where: string): asserts data is PixelArray {
  if (!(data instanceof Float32Array || data instanceof Uint8Array)) {
    throw new DescentError(where, data, 'a Float32Array (values 0..1) or Uint8Array (0..255)');
  }
}

/** The pixels as floats in 0..1 (uint8 values are divided by 255); float input is copied. */
export function toFloat32<I extends Image>(input: I): I & Image<Float32Array> {
  const out = new Float32Array(input.data.length);
  const scale = input.data instanceof Uint8Array ? 1 / 255 : 1;
  for (let i = 0; i < out.length; i++) out[i] = input.data[i] * scale;
  return { ...input, data: out };
}

/** The pixels as bytes: 0..1 floats times 255, rounded (ties to even) and clamped to 0..255; uint8 input is copied. */
export function toUint8<I extends Image>(input: I): I & Image<Uint8Array> {
  const out = new Uint8Array(input.data.length);
  const scale = input.data instanceof Uint8Array ? 1 : 255;
  const sink = new Uint8ClampedArray(out.buffer);
  for (let i = 0; i < out.length; i++) sink[i] = input.data[i] * scale;
  return { ...input, data: out };
}
