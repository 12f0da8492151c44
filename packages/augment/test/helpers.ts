import { DescentError, Random } from '@descent/core';
import { image, imageBatch, type Image, type ImageBatch } from '@descent/augment';

/** A deterministic float image with values in [low, high). */
export function floatImage(height: number, width: number, channels: number, seed = 1, low = 0, high = 1): Image<Float32Array> {
  const random = new Random(seed);
  return image(Float32Array.from({ length: height * width * channels }, () => random.uniform(low, high)), [height, width, channels]);
}

/** A deterministic byte image. */
export function byteImage(height: number, width: number, channels: number, seed = 1): Image<Uint8Array> {
  const random = new Random(seed);
  return image(Uint8Array.from({ length: height * width * channels }, () => random.nextInt(256)), [height, width, channels]);
}

/** A deterministic float batch. */
export function floatBatch(count: number, height: number, width: number, channels: number, seed = 1): ImageBatch<Float32Array> {
  const random = new Random(seed);
  return imageBatch(Float32Array.from({ length: count * height * width * channels }, () => random.nextFloat()), [count, height, width, channels]);
}

/** The DescentError a call throws (fails the test when it throws nothing or something else). */
export function errorOf(run: () => unknown): DescentError {
  try {
    run();
  } catch (error) {
    if (error instanceof DescentError) return error;
    throw error;
  }
  throw new Error('expected a DescentError');
}

/** Pixel (y, x) of an image as an array of its channels. */
export const pixel = (img: Image, y: number, x: number): number[] =>
  Array.from(img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x + 1) * img.channels));

/** Numbers equal to 12 digits, arrays of the same length, everything else exactly (objects on the keys of `want`). */
export function expectClose(got: unknown, want: unknown): void {
  if (typeof want === 'number') expect(got as number).toBeCloseTo(want, 12);
  else if (Array.isArray(want)) {
    expect(got).toHaveLength(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w));
  } else if (want !== null && typeof want === 'object') for (const key of Object.keys(want)) expectClose((got as Record<string, unknown>)[key], (want as Record<string, unknown>)[key]);
  else expect(got).toBe(want);
}
