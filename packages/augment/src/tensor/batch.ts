import * as tf from '@tensorflow/tfjs';
import { augmentGeometry, augmentOutputShape, composeAxes, type AxisMap, type Geometry, type ImageShape, type ResolvedAugmentOp } from '@descent/core';
import { adjustHue, applyResolved, greyOf } from './ops';
import { hasWebglPrograms, meanGreyOnWebgl, sampleOnWebgl, scaleShiftClipOnWebgl, type TonePass } from './webgl-programs';

/**
 * Batched execution of per-image op lists on a batch tensor, with the numbers of running
 * each image's list alone (applyOpsToTensor on a one-image slice):
 *
 * - consecutive geometric ops of an image fuse into one sampling where that is exact and
 *   no tap falls outside (a flip folds into the next crop's index map: a gather only
 *   selects taps, it never changes a weight);
 * - images whose next step is "the same kind" (same op type and output size, same linear/
 *   fill flags for geometry, same parameters for ops without a per-image factor) run it
 *   together: geometry as one batched gather per axis with per-image index/weight tables
 *   built on the host, colour adjustments with per-image factors as [n, 1, 1, 1] tensors;
 * - where images differ (e.g. colorJitter's random order), the batch splits into groups
 *   (one gather along the batch each), and the groups are put back in order at the end.
 */

/** One pass of one image: a (fused) geometry or one value op. */
type Step = { readonly kind: 'geometry'; readonly geometry: Geometry } | { readonly kind: 'value'; readonly op: ResolvedAugmentOp };

/** The colour ops whose only parameter is a per-image factor (batched as [n, 1, 1, 1]). */
const FACTOR_OPS = new Set(['adjustBrightness', 'adjustContrast', 'adjustSaturation', 'adjustHue']);

/** An image's ops as passes (geometry fused only where the result is bit for bit the same). */
export function tensorSteps(ops: readonly ResolvedAugmentOp[], input: ImageShape): Step[] {
  const steps: Step[] = [];
  let shape = input;
  for (const op of ops) {
    const output = augmentOutputShape(op, shape);
    const geometry = augmentGeometry(op, shape);
    if (geometry === null) steps.push({ kind: 'value', op });
    else {
      const last = steps[steps.length - 1];
      const fused = last?.kind === 'geometry' ? fuseExact(last.geometry, geometry) : null;
      if (fused !== null) steps[steps.length - 1] = { kind: 'geometry', geometry: fused };
      else steps.push({ kind: 'geometry', geometry });
    }
    shape = output;
  }
  return steps;
}

const missing = (g: Geometry): boolean => g.rows.missing || g.cols.missing;

/** first then `then` as one sampling, when neither reads outside its input and no axis blends twice. */
function fuseExact(first: Geometry, then: Geometry): Geometry | null {
  if (missing(first) || missing(then)) return null;
  const rows = composeAxes(first.rows, then.rows);
  const cols = composeAxes(first.cols, then.cols);
  if (rows === null || cols === null) return null;
  return { rows, cols, fill: 0 };
}

/** The signature prefix of brightness and contrast, which share a step (see toneChainBatch). */
const TONE = 'v:brightness-contrast:';

/** What must agree for images to run a step together. */
function signature(step: Step, channels: number): string {
  if (step.kind === 'geometry') {
    const g = step.geometry;
    return `g:${g.rows.length}x${g.cols.length}:${+g.rows.linear}${+g.cols.linear}:${g.fill}`;
  }
  const { op } = step;
  // Brightness and contrast share a step: clip(x·s + mean·u), u = 0 for brightness (see toneChainBatch).
  if (op.type === 'adjustBrightness' || op.type === 'adjustContrast') return `${TONE}${channels}`;
  if (FACTOR_OPS.has(op.type)) return `v:${op.type}:${channels}`;
  return `o:${op.type}:${JSON.stringify(op.params)}`;
}

const factorOf = (op: ResolvedAugmentOp): number => (op.params as { factor: number }).factor;

/**
 * out[k] = x[k] gathered along `axis` with image k's indices, times its weights (resampleAxis
 * per image), with plain gathers along one axis: image k's row i is row k·height + i of x
 * seen as [n·height, width, channels], and columns are rows once the two axes are swapped.
 * (No batchDims: tfjs's wasm backend reads out of bounds in a gather with batchDims.)
 */
function resampleAxisBatch(x: tf.Tensor4D, maps: readonly AxisMap[], axis: 1 | 2): tf.Tensor4D {
  const n = maps.length;
  const length = maps[0].length;
  const rows = axis === 1 ? x : (tf.transpose(x, [0, 2, 1, 3]) as tf.Tensor4D);
  const [, size, across, channels] = rows.shape;
  const flat = tf.reshape(rows, [n * size, across, channels]);
  const tap = (indices: (m: AxisMap) => Int32Array, weights: (m: AxisMap) => Float64Array): tf.Tensor4D => {
    const at = new Int32Array(n * length);
    const w = new Float32Array(n * length);
    maps.forEach((m, k) => {
      indices(m).forEach((i, o) => (at[k * length + o] = k * size + i));
      w.set(weights(m), k * length);
    });
    const gathered = tf.reshape(tf.gather(flat, tf.tensor1d(at, 'int32'), 0), [n, length, across, channels]);
    return tf.mul(gathered, tf.tensor4d(w, [n, length, 1, 1]));
  };
  const first = tap((m) => m.i0, (m) => m.w0);
  const out = maps[0].linear ? tf.add(first, tap((m) => m.i1, (m) => m.w1)) : first;
  return (axis === 1 ? out : tf.transpose(out, [0, 2, 1, 3])) as tf.Tensor4D;
}

/**
 * Per-image geometries (same output size, flags and fill) on a batch: columns, rows, then
 * the fill. Without a fill, on webgl, one program samples the batch (see webgl-programs.ts).
 */
function sampleBatch(x: tf.Tensor4D, gs: readonly Geometry[]): tf.Tensor4D {
  const fill = gs[0].fill;
  if (fill === 0) {
    const sampled = sampleOnWebgl(x, gs);
    if (sampled !== null) return sampled;
  }
  const out = resampleAxisBatch(resampleAxisBatch(x, gs.map((g) => g.cols), 2), gs.map((g) => g.rows), 1);
  if (fill === 0) return out;
  const n = gs.length;
  const cover = (maps: AxisMap[]) => {
    const values = new Float32Array(n * maps[0].length);
    maps.forEach((m, k) => values.set(Float32Array.from(m.w0, (w, o) => Math.fround(w) + Math.fround(m.w1[o])), k * m.length));
    return values;
  };
  const rowCover = tf.tensor(cover(gs.map((g) => g.rows)), [n, gs[0].rows.length, 1, 1]);
  const colCover = tf.tensor(cover(gs.map((g) => g.cols)), [n, 1, gs[0].cols.length, 1]);
  return tf.add(out, tf.mul(fill, tf.sub(1, tf.mul(rowCover, colCover)))) as tf.Tensor4D;
}

/** A per-image value as a [n, 1, 1, 1] float32 tensor (each rounded to float32, as a scalar operand is). */
const perImage = (values: readonly number[]): tf.Tensor4D => tf.tensor4d(Float32Array.from(values), [values.length, 1, 1, 1]);

const blendBatch = (x: tf.Tensor4D, factors: readonly number[], other: tf.Tensor): tf.Tensor4D =>
  tf.clipByValue(tf.add(tf.mul(x, perImage(factors)), tf.mul(other, perImage(factors.map((f) => 1 - f)))), 0, 1) as tf.Tensor4D;

/** A brightness/contrast step (image k's op `ops[k]`) as a pass, its shift from `meanGrey` (the mean grey of each image it applies to, [n, 1, 1, 1]) where an image adjusts contrast. */
function tonePass(ops: readonly ResolvedAugmentOp[], meanGrey: () => tf.Tensor): TonePass {
  const scales = ops.map(factorOf);
  const keep = ops.map((op, k) => (op.type === 'adjustContrast' ? 1 - scales[k] : 0));
  return { scales, shift: keep.some((u) => u !== 0) ? tf.mul(meanGrey(), perImage(keep)) : null };
}

/** The mean grey of each image, [n, 1, 1, 1], with tf ops. */
const meanGreyOf = (x: tf.Tensor4D): tf.Tensor => tf.mean(greyOf(x), [1, 2, 3], true);

/** Brightness/contrast passes in tf ops, one after the other. */
function passesWithOps(x: tf.Tensor4D, passes: readonly TonePass[]): tf.Tensor4D {
  return passes.reduce((current, { scales, shift }) => {
    const scaled = tf.mul(current, perImage(scales));
    return tf.clipByValue(shift === null ? scaled : tf.add(scaled, shift), 0, 1) as tf.Tensor4D;
  }, x);
}

/**
 * Consecutive brightness/contrast steps (`chain[j][k]`: image k's op in step j), each as
 * clip(x·f + mean(grey)·u) with u = 1 − f for contrast (blend's ops, in its order) and u = 0
 * for brightness, where x·f + 0 is x·f (the images are finite), so every image gets the bits
 * of its own op without splitting the batch (colorJitter's order differs between images).
 * On webgl the chain is one program over the batch (the mean grey a contrast step takes is
 * summed from x through the passes before it), so the batch is written once, not once per
 * step; elsewhere each step is tf ops on the previous one's output.
 */
function toneChainBatch(x: tf.Tensor4D, chain: readonly (readonly ResolvedAugmentOp[])[]): tf.Tensor4D {
  if (hasWebglPrograms()) {
    const passes: TonePass[] = [];
    for (const ops of chain) passes.push(tonePass(ops, () => meanGreyOnWebgl(x, passes) ?? meanGreyOf(passesWithOps(x, passes))));
    return scaleShiftClipOnWebgl(x, passes) ?? passesWithOps(x, passes);
  }
  return chain.reduce((current, ops) => passesWithOps(current, [tonePass(ops, () => meanGreyOf(current))]), x);
}

/** One step other than brightness/contrast (toneChainBatch), of the same signature for every image of x (ops.ts's applyResolved with per-image parameters). */
function applyStepBatch(x: tf.Tensor4D, steps: readonly Step[]): tf.Tensor4D {
  const head = steps[0];
  if (head.kind === 'geometry') return sampleBatch(x, steps.map((s) => (s as Extract<Step, { kind: 'geometry' }>).geometry));
  const ops = steps.map((s) => (s as Extract<Step, { kind: 'value' }>).op);
  if (!FACTOR_OPS.has(head.op.type)) return applyResolved(x, head.op);
  const factors = ops.map(factorOf);
  const grey = x.shape[3] === 1;
  switch (head.op.type) {
    case 'adjustSaturation':
      return grey ? x : blendBatch(x, factors, greyOf(x));
    default:
      return grey ? x : adjustHue(x, perImage(factors));
  }
}

/**
 * Runs each image's steps (`steps[n]` for image n of x) on the batch, batching images
 * whose steps agree; returns the outputs in the images' order. Not tidied: callers wrap in tf.tidy.
 */
export function runStepsBatched(x: tf.Tensor4D, steps: readonly (readonly Step[])[]): tf.Tensor4D {
  const leaves: { images: number[]; output: tf.Tensor4D }[] = [];
  const run = (t: tf.Tensor4D, images: number[], at: number): void => {
    let current = t;
    for (let k = at; ; k++) {
      const remaining = images.filter((i) => k < steps[i].length);
      if (remaining.length === 0) return void leaves.push({ images, output: current });
      const groups = new Map<string, number[]>();
      images.forEach((image, local) => {
        const key = k < steps[image].length ? signature(steps[image][k], current.shape[3]) : '';
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [local]);
        else group.push(local);
      });
      if (groups.size > 1) {
        for (const [key, locals] of groups) {
          const part = tf.gather(current, tf.tensor1d(locals, 'int32'), 0) as tf.Tensor4D;
          const subset = locals.map((l) => images[l]);
          if (key === '') leaves.push({ images: subset, output: part });
          else run(part, subset, k);
        }
        return;
      }
      const [key] = groups.keys();
      if (key.startsWith(TONE)) {
        // Every image's run of brightness/contrast steps from here, as one chain.
        let end = k + 1;
        while (images.every((i) => end < steps[i].length && signature(steps[i][end], current.shape[3]) === key)) end++;
        const chain = Array.from({ length: end - k }, (_, j) => images.map((i) => (steps[i][k + j] as Extract<Step, { kind: 'value' }>).op));
        current = toneChainBatch(current, chain);
        k = end - 1;
        continue;
      }
      current = applyStepBatch(current, images.map((i) => steps[i][k]));
    }
  };
  run(x, steps.map((_, i) => i), 0);
  if (leaves.length === 1) return leaves[0].output;
  const order = leaves.flatMap((l) => l.images);
  const position = new Int32Array(order.length);
  order.forEach((image, p) => (position[image] = p));
  return tf.gather(tf.concat(leaves.map((l) => l.output), 0), tf.tensor1d(position, 'int32'), 0) as tf.Tensor4D;
}
