import { DescentError } from '../errors';

/** The shape of one image: height × width × channels, stored row-major (HWC). */
export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * The longest side an op may produce, in pixels: 65536 (WebGL textures stop at 16384; no
 * augmentation needs more, and a mistyped size must fail by name, not as a RangeError).
 */
export const MAX_IMAGE_SIDE = 65536;
/** The most values (height × width × channels) an op may produce: 2^28, 1 GiB of float32. */
export const MAX_IMAGE_VALUES = 2 ** 28;

const isPositiveInteger = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;

/**
 * Checks `[height, width, channels]` (or `[count, height, width, channels]` when `batch`)
 * and that `length` values fill it exactly. Zero-sized images are rejected.
 */
export function checkImageShape(shape: unknown, length: number, where: string, batch = false): { count: number } & ImageShape {
  const rank = batch ? 4 : 3;
  const names = batch ? '[count, height, width, channels]' : '[height, width, channels]';
  if (!Array.isArray(shape) || shape.length !== rank || !shape.every(isPositiveInteger)) {
    throw new DescentError(`${where}.shape`, shape, `${names}, each an integer ≥ 1`);
  }
  const dims = shape as number[];
  const [count, height, width, channels] = batch ? dims : [1, ...dims];
  const expected = count * height * width * channels;
  if (length !== expected) {
    throw new DescentError(`${where}.data.length`, length, `${expected} values for shape [${dims.join(', ')}]`);
  }
  return { count, height, width, channels };
}

/** Throws unless the image has one of the channel counts an op accepts. */
export function checkChannels(shape: ImageShape, allowed: readonly number[], where: string): void {
  if (!allowed.includes(shape.channels)) {
    throw new DescentError(`${where}: image channels`, shape.channels, allowed.length === 1 ? `${allowed[0]} channels` : `${allowed.join(' or ')} channels`);
  }
}

/**
 * Throws a DescentError naming the op (`where`) unless the shape it would produce has sides
 * of at most MAX_IMAGE_SIDE pixels and at most MAX_IMAGE_VALUES values; returns the shape.
 */
export function checkOutputShape(shape: ImageShape, where: string): ImageShape {
  const { height, width, channels } = shape;
  if (height > MAX_IMAGE_SIDE || width > MAX_IMAGE_SIDE || height * width * channels > MAX_IMAGE_VALUES) {
    throw new DescentError(
      `${where}: output shape`,
      [height, width, channels],
      `sides of at most ${MAX_IMAGE_SIDE} pixels (MAX_IMAGE_SIDE) and at most ${MAX_IMAGE_VALUES} values (MAX_IMAGE_VALUES)`,
    );
  }
  return shape;
}
