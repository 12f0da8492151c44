/**
 * Pixels as the kernels see them: Float32Array (values stored as computed) or
 * Uint8ClampedArray (the engine's view of uint8 pixels: a store rounds to the nearest
 * integer, ties to even, and clamps to 0..255, with no branch in the kernel).
 */
export type Storage = Float32Array | Uint8ClampedArray;

/** The value meaning 1 in a storage: 1 for floats, 255 for bytes. */
export const unitOf = (storage: Storage): number => (storage instanceof Float32Array ? 1 : 255);

/** One image inside a storage array: where it starts and its shape. */
export interface Region {
  readonly data: Storage;
  readonly offset: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** A fresh storage of the same kind as `like` ('float32' or 'uint8'). */
export function allocate(kind: 'float32' | 'uint8', length: number): Storage {
  return kind === 'float32' ? new Float32Array(length) : new Uint8ClampedArray(length);
}
