import * as tf from '@tensorflow/tfjs';

/** The smallest normal float32: the largest magnitude a global norm divides by is at least this. */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Folds scalars with `op` one pair at a time: tf.addN and tf.stack of many tensors become one
 * program with an input per tensor, which webgpu cannot build past its 8 storage bindings.
 */
export function fold(scalars: readonly tf.Tensor[], op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): tf.Tensor {
  return scalars.reduce((a, b) => op(a, b));
}

/** The global L2 norm of float32 tensors as unit·root (scalar tensors), with the tensors divided by unit. */
export interface ScaledTensorNorm {
  /** The largest magnitude of the tensors, at least the smallest normal float32. */
  readonly unit: tf.Scalar;
  /** ‖tensors/unit‖₂ (at least 1 unless every value is 0). */
  readonly root: tf.Scalar;
  /** Each tensor divided by unit: every magnitude at most 1. */
  readonly normalized: tf.Tensor[];
}

/**
 * The global L2 norm of tensors without overflow (the tensors' counterpart of the core's
 * scaledGlobalNorm): in float32 the squares of 1e20 overflow, so the norm is unit·root with
 * unit the largest magnitude and root the norm of the tensors divided by it. Clipping by the
 * global norm and SAM's ascent both take it. Nothing is read back. `tensors` is not empty.
 */
export function scaledGlobalNorm(tensors: readonly tf.Tensor[]): ScaledTensorNorm {
  const unit = tf.maximum(fold(tensors.map((a) => a.abs().max()), tf.maximum), FLOAT32_MIN_NORMAL) as tf.Scalar;
  const normalized = tensors.map((a) => a.div(unit));
  const root = fold(normalized.map((u) => u.square().sum()), tf.add).sqrt() as tf.Scalar;
  return { unit, root, normalized };
}
