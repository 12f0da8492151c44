import type * as tf from '@tensorflow/tfjs';
import type { OptimizerState, RuleOverrides, StepOutcome } from '@descent/core';
import type { BackendMemory } from './backend-memory';

/** One variable of a step with its gradient, already checked (dtype, shape, trainable). */
export interface VariableGradient {
  /** The variable's name: the key of its optimizer state. */
  readonly name: string;
  readonly variable: tf.Variable;
  readonly gradient: tf.Tensor;
}

/**
 * How an optimizer runs its steps and keeps its state. Both kinds hold the same state in
 * the spec's exported format, so an optimizer can move from one to the other (and a state
 * saved on webgl loads on the cpu backend).
 */
export interface StepEngine {
  /** "fused": the spec's Float32Array kernels on the backend's memory; "ops": tf ops. */
  readonly kind: 'fused' | 'ops';
  /** The rule hyperparameters in force (a copy). */
  readonly hyperparameters: Record<string, unknown>;
  /** The learning rate of the next step, schedule applied, before per-variable multipliers. */
  readonly learningRate: number;
  /** Optimizer steps taken (accumulating and skipped calls do not count). */
  readonly stepsTaken: number;
  /** Calls skipped by skipNonFinite. */
  readonly skippedSteps: number;
  /** The names of every variable with state. */
  readonly tensorNames: string[];
  /**
   * One step over the variables; nothing changes when it throws. `memory` is the
   * JS-visible memory holding every tensor of the step (the fused kind needs it; null
   * when there is none).
   */
  step(updates: readonly VariableGradient[], memory: BackendMemory | null): StepOutcome;
  /** Changes rule hyperparameters (validated whole by the spec). */
  setHyperparameters(update: RuleOverrides): void;
  /** Feeds a metric to a metric-driven schedule (reduceOnPlateau). */
  reportMetric(metric: number): void;
  /** A new tensor holding the averaged values of a variable, or null before its first averaged step. */
  averageOf(name: string, shape: readonly number[]): tf.Tensor | null;
  /** The whole state in the spec's format. */
  exportState(): OptimizerState;
  /** Restores a state from `exportState` (of either kind); a rejected state changes nothing. */
  importState(state: OptimizerState): void;
  /** Drops the state of some variables, or of all. */
  forget(names?: readonly string[]): void;
  /** Releases every tensor the engine holds. */
  dispose(): void;
}
