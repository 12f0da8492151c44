import type * as tf from '@tensorflow/tfjs';
import type { Optimizer, StepOutcome } from '@descent/core';
import type { BackendMemory } from './backend-memory';

/** One variable of a step with its gradient, already checked (dtype, shape, trainable). */
export interface VariableGradient {
  /** The variable's name: the key of its optimizer state. */
  readonly name: string;
  readonly variable: tf.Variable;
  readonly gradient: tf.Tensor;
}

/** What a DescentOptimizer asks of the core optimizer it holds, whatever arrays that optimizer works on. */
export type CoreOptimizer = Pick<
  Optimizer<unknown>,
  | 'hyperparameters'
  | 'learningRate'
  | 'stepsTaken'
  | 'skippedSteps'
  | 'tensorNames'
  | 'setHyperparameters'
  | 'reportMetric'
  | 'exportState'
  | 'exportStateAsync'
  | 'settled'
  | 'importState'
  | 'forget'
  | 'keepsAverage'
>;

/**
 * Where a step runs: "fused" runs the core's Float32Array kernels on the backend's memory
 * (cpu, wasm); "gpu" runs the rule's printed WebGL or WebGPU programs; "ops" runs tf ops
 * (any backend). Every path holds a core Optimizer with the same state format, so an
 * optimizer moves between paths (and a state saved on webgl loads on cpu).
 */
export interface StepPath {
  readonly kind: 'fused' | 'gpu' | 'ops';
  /** The core optimizer: rule, schedule, transforms, averaging, groups and state. */
  readonly optimizer: CoreOptimizer;
  /**
   * One step over the variables; nothing changes when it throws. `memory` is the
   * JS-visible memory holding every tensor of the step (the fused path needs it).
   */
  step(updates: readonly VariableGradient[], memory: BackendMemory | null): StepOutcome;
  /** A new tensor holding the averaged values of a variable, or null before its first averaged step. */
  averageOf(variable: tf.Variable): tf.Tensor | null;
}
