import { imageSide, isPlainObject, type Check, type Padding } from '@descent/core';

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** An output size: one integer for a square, or [height, width]. */
export type Size = number | [number, number];

/** An image side (an integer in [1, MAX_IMAGE_SIDE]) or [height, width] of such sides. */
export const size: Check<Size> = {
  allowed: `${imageSide.allowed}, or [height, width] of such integers`,
  test: (v): v is Size => imageSide.test(v) || (Array.isArray(v) && v.length === 2 && v.every((d) => imageSide.test(d))),
};

/** [height, width] of a size. */
export const sizeOf = (s: Size): [number, number] => (typeof s === 'number' ? [s, s] : [s[0], s[1]]);

/** A pair [low, high] with low ≤ high, both within [min, max]. */
export function range(min: number, max: number, open = false): Check<[number, number]> {
  const inside = (x: number) => (open ? x > min : x >= min) && x <= max;
  const bounds = `${open ? '(' : '['}${min}, ${max === Infinity ? '∞)' : `${max}]`}`;
  return {
    allowed: `[low, high] with low ≤ high, both in ${bounds}`,
    test: (v): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isFiniteNumber) && v[0] <= v[1] && inside(v[0]) && inside(v[1]),
  };
}

/** torchvision's padding shorthand: n (every side), [left/right, top/bottom], [left, top, right, bottom], or an object. */
export type PaddingSpec = number | [number, number] | [number, number, number, number] | Padding;

const isPad = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** Any PaddingSpec with integers ≥ 0. */
export const paddingSpec: Check<PaddingSpec> = {
  allowed: 'an integer ≥ 0, [left/right, top/bottom], [left, top, right, bottom] or { left, top, right, bottom } of integers ≥ 0',
  test: (v): v is PaddingSpec =>
    isPad(v) ||
    (Array.isArray(v) && (v.length === 2 || v.length === 4) && v.every(isPad)) ||
    (isPlainObject(v) && Object.keys(v).length === 4 && (['left', 'top', 'right', 'bottom'] as const).every((k) => isPad(v[k]))),
};

/** The explicit padding of a shorthand. */
export function paddingOf(p: PaddingSpec): Padding {
  if (typeof p === 'number') return { left: p, top: p, right: p, bottom: p };
  if (Array.isArray(p)) return p.length === 2 ? { left: p[0], top: p[1], right: p[0], bottom: p[1] } : { left: p[0], top: p[1], right: p[2], bottom: p[3] };
  return { left: p.left, top: p.top, right: p.right, bottom: p.bottom };
}

/** A probability in [0, 1]. */
export const probability: Check<number> = {
  allowed: 'a probability in [0, 1]',
  test: (v): v is number => isFiniteNumber(v) && v >= 0 && v <= 1,
};

/** A colour-jitter strength: null (off), s ≥ 0 meaning factors in [max(0, 1 − s), 1 + s], or [low, high] within [0, ∞). */
export const factorJitter: Check<number | [number, number] | null> = {
  allowed: `null, a number ≥ 0, or ${range(0, Infinity).allowed}`,
  test: (v): v is number | [number, number] | null => v === null || (isFiniteNumber(v) && v >= 0) || range(0, Infinity).test(v),
};

/** A hue-jitter strength: null (off), s in [0, 0.5] meaning shifts in [−s, s], or [low, high] within [−0.5, 0.5]. */
export const hueJitter: Check<number | [number, number] | null> = {
  allowed: `null, a number in [0, 0.5], or ${range(-0.5, 0.5).allowed}`,
  test: (v): v is number | [number, number] | null => v === null || (isFiniteNumber(v) && v >= 0 && v <= 0.5) || range(-0.5, 0.5).test(v),
};
