import type { FloatArray } from '../transforms/transform';

/**
 * The factor clipByGlobalNorm multiplies every gradient by, given their global norm:
 * maxNorm/(norm + 1e-6) when that is below 1 (torch clip_grad_norm_), else exactly 1.
 */
export function globalNormScale(norm: number, maxNorm: number): number {
  const scale = maxNorm / (norm + 1e-6);
  return scale < 1 ? scale : 1;
}

/**
 * globalNormScale for a norm given as maxAbs·root (root = ‖arrays / maxAbs‖₂), computed as
 * (maxNorm/maxAbs)/(root + 1e-6/maxAbs) so that nothing overflows where the norm itself
 * would (float64 values near 1e308).
 */
export function scaledGlobalNormScale(maxAbs: number, root: number, maxNorm: number): number {
  if (maxAbs === 0) return globalNormScale(0, maxNorm);
  const scale = maxNorm / maxAbs / (root + 1e-6 / maxAbs);
  return scale < 1 ? scale : 1;
}

/** A global L2 norm written unit·root, so that it is usable where the norm itself overflows. */
export interface ScaledNorm {
  /** 1, or the largest magnitude of the arrays when the sum of their squares overflows. */
  readonly unit: number;
  /** The norm of the arrays divided by `unit`. */
  readonly root: number;
}

/**
 * The global L2 norm of arrays, summed in float64, as unit·root: the squares directly when
 * their sum is finite (unit 1; always, for float32 values), else the squares of the values
 * divided by their largest magnitude (unit), so that float64 values of 1e200 have a norm,
 * not Infinity. (Squares that underflow then are below anything the norm is compared with.)
 * Clipping by the global norm and SAM's ascent both take it.
 */
export function scaledGlobalNorm(arrays: readonly FloatArray[]): ScaledNorm {
  let sum = 0;
  let maxAbs = 0;
  for (const a of arrays) {
    for (let i = 0, n = a.length; i < n; i++) {
      const x = a[i];
      sum += x * x;
      const magnitude = x < 0 ? -x : x;
      if (magnitude > maxAbs) maxAbs = magnitude;
    }
  }
  if (sum < Infinity) return { unit: 1, root: Math.sqrt(sum) };
  let scaled = 0;
  for (const a of arrays) {
    for (let i = 0, n = a.length; i < n; i++) {
      const x = a[i] / maxAbs;
      scaled += x * x;
    }
  }
  return { unit: maxAbs, root: Math.sqrt(scaled) };
}

/**
 * The array work of an optimizer's bookkeeping (gradient transforms, averaging, scratch,
 * state), so that one Optimizer runs on typed arrays and on a framework's tensors alike.
 * An operation may change its first argument in place and return it (typed arrays) or
 * return a new value (immutable tensors): callers always go on with the returned value.
 */
export interface ArrayMath<A> {
  /** The number of elements. */
  size(a: A): number;
  /** A new array of this shape filled with `value` (kept across steps, see `hold`). */
  filled(shape: readonly number[], value: number): A;
  /** An array the caller may change, holding the values of `source`; `into` may be reused (it has the same size). */
  copy(source: A, into: A | null): A;
  /** a·factor. */
  scale(a: A, factor: number): A;
  /** a clamped to [−limit, limit]. */
  clip(a: A, limit: number): A;
  /** a + factor·b. */
  addScaled(a: A, b: A, factor: number): A;
  /** a + factor·sign(b). */
  addScaledSign(a: A, b: A, factor: number): A;
  /** keep·a + take·b. */
  blend(a: A, b: A, keep: number, take: number): A;
  /**
   * Every array scaled by min(1, maxNorm/(‖all arrays‖₂ + 1e-6)), torch's clip_grad_norm_
   * (the typed engines sum in float64 and leave the arrays alone when the factor is 1).
   * No intermediate may overflow or underflow where the result does not: an engine of
   * narrow floats divides by the largest magnitude before squaring.
   */
  clipToGlobalNorm(arrays: readonly A[], maxNorm: number): A[];
  /** The index of the first array holding NaN or ±Inf, or −1. */
  findNonFinite(arrays: readonly A[]): number;
  /** The values, to export or inspect (a typed array may be returned as it is). */
  read(a: A): Float32Array | Float64Array;
  /** An array of this shape holding `values` (kept across steps, see `hold`). */
  write(values: Float32Array | Float64Array, shape: readonly number[]): A;
  /**
   * Puts `saved`'s values back into `target` (a parameter or a kept array) under the write
   * guard of a device engine, if one is set, and returns the array to keep in its place:
   * `target` written in place where arrays are mutable (typed arrays, tf.Variables), else
   * `saved` itself, kept (and `target` released).
   */
  restore(target: A, saved: A): A;
  /** Keeps `next` across steps and releases `previous` when it is another array; returns `next`. */
  hold(next: A, previous: A | null): A;
  /** Releases an array the optimizer no longer keeps. */
  release(a: A): void;
}

/**
 * True when any element is NaN or ±Inf: a sum of x·0 is 0 unless some x is not finite.
 * Two sums, of the even and the odd elements, so that each addition need not wait for the
 * one before (this runs every step, over every small tensor).
 */
export function hasNonFiniteElement(values: FloatArray): boolean {
  let even = 0;
  let odd = 0;
  const n = values.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    even += values[i] * 0;
    odd += values[i + 1] * 0;
  }
  if (i < n) even += values[i] * 0;
  return even + odd !== 0;
}

/**
 * The array work on Float32Arrays or Float64Arrays, in place: no allocation once every
 * tensor has its arrays. `make` allocates a zeroed array of the engine's type.
 */
export function typedArrayMath<A extends FloatArray>(make: (length: number) => A, hasNonFinite: (values: A) => boolean = hasNonFiniteElement): ArrayMath<A> {
  const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  return {
    size: (a) => a.length,
    filled(shape, value) {
      const a = make(sizeOf(shape));
      if (value !== 0) a.fill(value);
      return a;
    },
    copy(source, into) {
      const target = into ?? make(source.length);
      target.set(source);
      return target;
    },
    scale(a, factor) {
      for (let i = 0, n = a.length; i < n; i++) a[i] *= factor;
      return a;
    },
    clip(a, limit) {
      for (let i = 0, n = a.length; i < n; i++) {
        const x = a[i];
        a[i] = x > limit ? limit : x < -limit ? -limit : x;
      }
      return a;
    },
    addScaled(a, b, factor) {
      for (let i = 0, n = a.length; i < n; i++) a[i] += factor * b[i];
      return a;
    },
    addScaledSign(a, b, factor) {
      for (let i = 0, n = a.length; i < n; i++) a[i] += factor * Math.sign(b[i]);
      return a;
    },
    blend(a, b, keep, take) {
      for (let i = 0, n = a.length; i < n; i++) a[i] = keep * a[i] + take * b[i];
      return a;
    },
    clipToGlobalNorm(arrays, maxNorm) {
      const { unit, root } = scaledGlobalNorm(arrays);
      const scale = scaledGlobalNormScale(unit, root, maxNorm);
      if (scale !== 1) for (const a of arrays) for (let i = 0, n = a.length; i < n; i++) a[i] *= scale;
      return [...arrays];
    },
    findNonFinite(arrays) {
      // A plain loop: this runs every step, and `findIndex`'s callback costs more than a short tensor's test.
      for (let i = 0; i < arrays.length; i++) if (hasNonFinite(arrays[i])) return i;
      return -1;
    },
    read: (a) => a,
    write(values, shape) {
      const a = make(sizeOf(shape));
      a.set(values);
      return a;
    },
    restore(target, saved) {
      target.set(saved);
      return target;
    },
    hold: (next) => next,
    release: () => undefined,
  };
}
