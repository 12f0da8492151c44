import type * as tf from '@tensorflow/tfjs';
import type { RuleProgram } from '@descent/core';

/** The new parameter and the new value of each slot the update changes (in the program's slot order; others as given). */
export interface TensorUpdateResult {
  readonly param: tf.Tensor;
  readonly slots: readonly tf.Tensor[];
}

/**
 * A rule's printed update on tensors: as tf ops, or as the backend's own GPU program(s).
 * `p`, `g` and `slots` are float32 tensors of one shape, `c` this step's coefficients in
 * the program's order, `sums` the program's per-tensor sums as scalar tensors on the same
 * device (see opsSums; empty for an element-wise program). The outputs are new tensors (or, for unchanged slots, the given
 * ones); the inputs are left as they are.
 */
export type TensorUpdate = (program: RuleProgram, p: tf.Tensor, g: tf.Tensor, slots: readonly tf.Tensor[], c: Float64Array, sums: readonly tf.Tensor[]) => TensorUpdateResult;
