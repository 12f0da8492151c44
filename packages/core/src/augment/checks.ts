import { isPlainObject, type Check } from '../fields';
import { MAX_IMAGE_SIDE } from './image-shape';

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Any integer, negative included (crop origins may lie outside the image). */
export const integer: Check<number> = {
  allowed: 'an integer',
  test: (v): v is number => Number.isInteger(v),
};

/** A size in pixels an op produces or samples: an integer in [1, MAX_IMAGE_SIDE]. */
export const imageSide: Check<number> = {
  allowed: `an integer in [1, ${MAX_IMAGE_SIDE}] (MAX_IMAGE_SIDE)`,
  test: (v): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_IMAGE_SIDE,
};

/** Padding of each side, in pixels. */
export interface Padding {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** `{ left, top, right, bottom }`, each an integer ≥ 0. */
export const padding: Check<Padding> = {
  allowed: '{ left, top, right, bottom }, each an integer ≥ 0',
  test: (v): v is Padding =>
    isPlainObject(v) &&
    Object.keys(v).length === 4 &&
    (['left', 'top', 'right', 'bottom'] as const).every((side) => Number.isInteger(v[side]) && (v[side] as number) >= 0),
};

/** An array of exactly `length` finite numbers. */
export function numberTuple(length: number): Check<number[]> {
  return {
    allowed: `an array of ${length} finite numbers`,
    test: (v): v is number[] => Array.isArray(v) && v.length === length && v.every(isFiniteNumber),
  };
}

/** A 3 × 3 matrix of finite numbers, as an array of rows. */
export const matrix3: Check<number[][]> = {
  allowed: 'a 3 × 3 array of finite numbers (rows)',
  test: (v): v is number[][] => Array.isArray(v) && v.length === 3 && v.every((row) => numberTuple(3).test(row)),
};

/** A fill value: one number for every channel, or one number per channel. */
export const fillValue: Check<number | number[]> = {
  allowed: 'a finite number or a non-empty array of finite numbers (one per channel)',
  test: (v): v is number | number[] => isFiniteNumber(v) || (Array.isArray(v) && v.length > 0 && v.every(isFiniteNumber)),
};

/** A seed (an integer) or null. */
export const seedOrNull: Check<number | null> = {
  allowed: 'an integer seed or null',
  test: (v): v is number | null => v === null || Number.isInteger(v),
};
