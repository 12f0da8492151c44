/**
 * How one axis (rows or columns) of an op's output samples its input: output
 * position o reads input positions i0[o] and i1[o] with weights w0[o] and w1[o].
 * A position outside the input has weight 0 (its value comes from the op's fill).
 * Every geometric op — flips, crops, pads, resizes — is one map per axis, so a
 * backend needs a single gather-and-blend routine to run them all. Maps are read-only
 * (a gather's i1 is its i0).
 */
export interface AxisMap {
  /** Output length along the axis. */
  readonly length: number;
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly w0: Float64Array;
  readonly w1: Float64Array;
  /** True when some output blends two positions (w1 ≠ 0). */
  readonly linear: boolean;
  /** True when some output reads outside the input (its weights sum to less than 1). */
  readonly missing: boolean;
}

/** Builds the map of an axis where each output copies one input position (or none when outside [0, size)). */
export function gatherAxis(length: number, size: number, source: (o: number) => number): AxisMap {
  const i0 = new Int32Array(length);
  const w0 = new Float64Array(length);
  let missing = false;
  for (let o = 0; o < length; o++) {
    const i = source(o);
    if (i >= 0 && i < size) {
      i0[o] = i;
      w0[o] = 1;
    } else missing = true;
  }
  return { length, i0, i1: i0, w0, w1: new Float64Array(length), linear: false, missing };
}

/** Output o reads input o (the axis an op leaves alone). */
export const identityAxis = (size: number): AxisMap => gatherAxis(size, size, (o) => o);

/** Output o reads input size − 1 − o (a flip). */
export const reversedAxis = (size: number): AxisMap => gatherAxis(size, size, (o) => size - 1 - o);

/** Output o reads input start + o; positions outside the input are missing (a crop). */
export const windowAxis = (length: number, start: number, size: number): AxisMap => gatherAxis(length, size, (o) => start + o);

/** How a pad fills the positions beyond the input. */
export type PadMode = 'constant' | 'reflect' | 'edge' | 'symmetric';

/**
 * Output o reads input o − before; beyond the input, `constant` leaves the position
 * missing (filled), `edge` repeats the border, `reflect` mirrors without repeating it
 * (needs before, after < size) and `symmetric` mirrors repeating it (needs before, after ≤ size).
 */
export function padAxis(size: number, before: number, after: number, mode: PadMode): AxisMap {
  const last = size - 1;
  const source: Record<PadMode, (j: number) => number> = {
    constant: (j) => j,
    edge: (j) => Math.min(Math.max(j, 0), last),
    reflect: (j) => (j < 0 ? -j : j > last ? 2 * last - j : j),
    symmetric: (j) => (j < 0 ? -j - 1 : j > last ? 2 * size - 1 - j : j),
  };
  return gatherAxis(before + size + after, size, (o) => source[mode](o - before));
}

/**
 * Bilinear resampling from `size` to `length` positions with half-pixel centres and no
 * antialiasing (PyTorch's `interpolate(mode="bilinear", align_corners=False)`): output o
 * sits at x = max((o + ½)·size/length − ½, 0) and blends ⌊x⌋ and ⌊x⌋ + 1 (the last position repeats).
 */
export function linearAxis(length: number, size: number): AxisMap {
  const i0 = new Int32Array(length);
  const i1 = new Int32Array(length);
  const w0 = new Float64Array(length);
  const w1 = new Float64Array(length);
  const scale = size / length;
  let linear = false;
  for (let o = 0; o < length; o++) {
    const x = length === size ? o : Math.max((o + 0.5) * scale - 0.5, 0);
    const low = Math.floor(x);
    const lambda = Math.min(x - low, 1);
    i0[o] = low;
    i1[o] = low < size - 1 ? low + 1 : low;
    w0[o] = 1 - lambda;
    w1[o] = lambda;
    if (lambda !== 0) linear = true;
  }
  return { length, i0, i1, w0, w1, linear, missing: false };
}

/**
 * Nearest-neighbour resampling as PyTorch's legacy `mode="nearest"` does it, in float32:
 * output o reads min(⌊o·s⌋, size − 1) with s = size/length rounded to float32, the
 * product rounded to float32 too (so indices agree with torch bit for bit).
 */
export function nearestAxis(length: number, size: number): AxisMap {
  const scale = Math.fround(size / length);
  return gatherAxis(length, size, (o) => Math.min(Math.floor(Math.fround(o * scale)), size - 1));
}

/**
 * The map of `first` followed by `then` (which samples first's output), or null when
 * both blend two positions (the result would need four taps). Exact: a gather only
 * selects and zeroes taps, it never changes a weight.
 */
export function composeAxes(first: AxisMap, then: AxisMap): AxisMap | null {
  if (first.linear && then.linear) return null;
  const length = then.length;
  const i0 = new Int32Array(length);
  const i1 = new Int32Array(length);
  const w0 = new Float64Array(length);
  const w1 = new Float64Array(length);
  for (let o = 0; o < length; o++) {
    const a = then.i0[o];
    if (first.linear) {
      const v = then.w0[o];
      i0[o] = first.i0[a];
      i1[o] = first.i1[a];
      w0[o] = v * first.w0[a];
      w1[o] = v * first.w1[a];
    } else {
      const b = then.i1[o];
      i0[o] = first.i0[a];
      i1[o] = first.i0[b];
      w0[o] = then.w0[o] * first.w0[a];
      w1[o] = then.w1[o] * first.w0[b];
    }
  }
  return { length, i0, i1, w0, w1, linear: first.linear || then.linear, missing: first.missing || then.missing };
}
