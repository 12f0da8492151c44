import * as tf from '@tensorflow/tfjs';
import { DescentError, extentShape, stepCoefficients, type DeviceChecks, type Engine, type StepWide } from '@descent/core';
import { packedFill } from '../gpu/webgl-fill';
import { webglUpdate } from '../gpu/webgl-kernel';
import { webgpuUpdate } from '../gpu/webgpu-kernel';
import { fold, scaledGlobalNorm } from './global-norm';
import { opsReduction, opsStepWide, opsUpdate } from './ops-kernel';
import type { TensorUpdate } from './tensor-update';

/** `b` in the shape of `a` (state imported as flat arrays meets variables of any shape). */
function like(b: tf.Tensor, a: tf.Tensor): tf.Tensor {
  return shaped(b, a.shape);
}

/** `b` with this shape: reshaped, or broadcast when it holds fewer values (a sum stored in a factored slot). */
function shaped(b: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (b.shape.length === shape.length && b.shape.every((d, i) => d === shape[i])) return b;
  return b.size === shape.reduce((x, y) => x * y, 1) ? b.reshape([...shape]) : tf.broadcastTo(b, [...shape]);
}

/** How the rule's update runs on tensors: as the backend's own GPU programs, or as tf ops anywhere. */
export type TensorKernels = 'webgl' | 'webgpu' | 'ops';

const UPDATES: Readonly<Record<TensorKernels, TensorUpdate>> = { webgl: webglUpdate, webgpu: webgpuUpdate, ops: opsUpdate };

/** True when the active backend keeps tensors on a GPU (webgl, webgpu): steps read nothing back there. */
function onDevice(): boolean {
  const backend = tf.getBackend();
  return backend === 'webgl' || backend === 'webgpu';
}

/** The kernels a backend runs best: its GPU programs on webgl and webgpu, tf ops elsewhere. */
export function kernelsFor(backend: string): TensorKernels {
  return backend === 'webgl' || backend === 'webgpu' ? backend : 'ops';
}

/**
 * The core optimizer's engine over tf tensors, for backends whose memory JavaScript cannot
 * see (webgl, webgpu, tfjs-node): the rule's printed update as GPU programs or tf ops, and
 * the bookkeeping operations (transforms, averaging) as tf ops. Runs inside the step's
 * tidy: what the optimizer keeps is `hold`-ed (tf.keep) and the value it replaces disposed.
 * Parameters are tf.Variables, updated with `assign`.
 */
export function tensorEngine(kernels: TensorKernels): Engine<tf.Tensor> {
  const run = UPDATES[kernels];
  let guard: tf.Tensor | null = null;
  /** Every tensor the optimizer keeps through this engine (slots, averages, sums), for prefetch. */
  const kept = new Set<tf.Tensor>();
  const keep = (t: tf.Tensor) => {
    kept.add(tf.keep(t));
    return t;
  };
  const drop = (t: tf.Tensor | null) => {
    if (t === null) return;
    kept.delete(t);
    t.dispose();
  };
  /** `next` where the guard holds (or no guard is set), `previous` elsewhere. */
  const guarded = (next: tf.Tensor, previous: tf.Tensor | null) => (guard === null || previous === null ? next : tf.where(guard, next, like(previous, next)));
  const device: DeviceChecks<tf.Tensor> = {
    allFinite: (arrays, also) =>
      tf.keep(
        tf.tidy(() => {
          const finite = tf.isFinite(fold(arrays.map((a) => a.mul(0).sum()), tf.add));
          return also === undefined ? finite : tf.logicalAnd(finite, also);
        }),
      ),
    negate: (flag) => tf.keep(tf.logicalNot(flag)),
    guardWrites(flag) {
      guard = flag;
    },
    readFlag: async (flag) => (await flag.data())[0] !== 0,
    releaseFlag: (flag) => flag.dispose(),
    prefetch: async () => {
      await Promise.all([...kept].map((t) => t.data()));
    },
  };
  const hold = (next: tf.Tensor, previous: tf.Tensor | null) => {
    if (next === previous) return next;
    const held = keep(guarded(next, previous));
    drop(previous);
    return held;
  };
  /** A step-wide value of this engine: a scalar tensor. */
  const scalarOf = (value: unknown): tf.Tensor => {
    if (value instanceof tf.Tensor) return value;
    throw new DescentError('step-wide value', value, 'a scalar tensor of the tensor engine');
  };
  /** The step-wide values a program reads, in its order. */
  const globalsOf = (names: readonly string[], globals: Readonly<Record<string, unknown>> | undefined) => names.map((name) => scalarOf(globals?.[name]));
  // Step-wide state (prodigy's d) as scalar tensors on the device: a step never reads it back.
  const stepWide: StepWide<tf.Tensor> = {
    scalar: (value) => keep(tf.scalar(value, 'float32')),
    read: (value) => scalarOf(value).dataSync()[0],
    add: (a, b) => tf.add(scalarOf(a), scalarOf(b)),
    shares: (program, p, g, state, coefficients, globals) => {
      const slots = state.program.slots.map((name) => like(state.slots[name], p));
      return opsStepWide(program, p, like(g, p), slots, coefficients, globalsOf(program.globals, globals));
    },
    evaluate: (program, coefficients, globals) => {
      const none = tf.zeros([0]);
      return opsStepWide(program, none, none, [], coefficients, globalsOf(program.globals, globals));
    },
    hold: (next, previous) => hold(scalarOf(next), scalarOf(previous)),
    release: (value) => drop(scalarOf(value)),
  };
  return {
    get device() {
      return onDevice() ? device : undefined;
    },
    stepWide,
    precision: 'float32',
    arrays: 'a float32 tf.Tensor',
    accepts: (values): values is tf.Tensor => values instanceof tf.Tensor,
    size: (a) => a.size,
    // On webgl as packed textures, the layout of the one-draw update, so the first step takes it.
    filled: (shape, value) => keep(kernels === 'webgl' && tf.getBackend() === 'webgl' ? packedFill(shape, value) : tf.fill([...shape], value, 'float32')),
    copy: (source) => tf.clone(source),
    scale: (a, factor) => a.mul(factor),
    clip: (a, limit) => tf.clipByValue(a, -limit, limit),
    addScaled: (a, b, factor) => a.add(like(b, a).mul(factor)),
    addScaledSign: (a, b, factor) => a.add(like(b, a).sign().mul(factor)),
    blend: (a, b, keep, take) => a.mul(keep).add(like(b, a).mul(take)),
    clipToGlobalNorm(arrays, maxNorm) {
      if (arrays.length === 0) return [];
      // With the norm as m·root (m the largest magnitude), the clipped values are
      // (a/m)·maxNorm/(root + 1e-6/m), so no step overflows where the result does not.
      const { unit: m, root, normalized } = scaledGlobalNorm(arrays);
      const denominator = root.add(tf.div(1e-6, m));
      const clips = tf.less(tf.div(maxNorm, m), denominator);
      const factor = tf.div(maxNorm, denominator);
      return arrays.map((a, i) => tf.where(clips, normalized[i].mul(factor), a));
    },
    findNonFinite(arrays) {
      if (arrays.length === 0) return -1;
      // One small read-back per step: a sum of x·0 is 0 unless some x is NaN or ±Inf.
      const probes = tf.tidy(() => tf.stack(arrays.map((a) => a.mul(0).sum())).dataSync());
      return probes.findIndex((probe) => !Number.isFinite(probe));
    },
    read: (a) => a.dataSync() as Float32Array,
    write: (values, shape) => keep(tf.tensor(Float32Array.from(values), [...shape], 'float32')),
    restore(target, saved) {
      if (target instanceof tf.Variable) {
        target.assign(guarded(like(saved, target), target));
        return target;
      }
      const kept = keep(guarded(like(saved, target), target));
      drop(target);
      return kept;
    },
    hold,
    release: drop,
    update(rule, p, g, state, step, globals) {
      const program = state.program;
      const coefficients = stepCoefficients(rule, state, step);
      const names = program.slots;
      const slotShapes = program.slotExtents.map((extent) => extentShape(extent, p.shape));
      const slots = names.map((name, k) => shaped(state.slots[name], slotShapes[k]));
      const grad = like(g, p);
      const reduction = opsReduction(program, p, grad, slots, coefficients, globalsOf(program.globals, globals));
      // WGSL indexes every input by element: an update reading per-row or per-column values runs as tf ops there.
      const update = program.broadcasts && kernels === 'webgpu' ? opsUpdate : run;
      const result = update(program, p, grad, slots, coefficients, reduction.sums);
      (p as tf.Variable).assign(guarded(result.param, p));
      const held = state.slots as Record<string, tf.Tensor>;
      names.forEach((name, k) => {
        const previous = held[name];
        const factored = reduction.slots[k];
        const next = factored === undefined || factored === null ? result.slots[k] : shaped(factored, slotShapes[k]);
        if (next === previous) return;
        held[name] = keep(guarded(next, previous));
        drop(previous);
      });
      state.slotList = names.map((name) => held[name]);
    },
  };
}
