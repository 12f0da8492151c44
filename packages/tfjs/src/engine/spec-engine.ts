import type * as tf from '@tensorflow/tfjs';
import type { Optimizer, OptimizerState, RuleOverrides } from '@descent/core';

/**
 * What the two step engines share: a spec optimizer holds the rule, schedule, transforms,
 * averaging, groups and state; the engines differ only in the arrays it works on (the
 * backend's Float32Arrays, or tf tensors) and so in how a step and an average are made.
 */
export abstract class SpecEngine<A> {
  constructor(protected readonly optimizer: Optimizer<A>) {}

  get hyperparameters(): Record<string, unknown> {
    return this.optimizer.hyperparameters;
  }

  get learningRate(): number {
    return this.optimizer.learningRate;
  }

  get stepsTaken(): number {
    return this.optimizer.stepsTaken;
  }

  get skippedSteps(): number {
    return this.optimizer.skippedSteps;
  }

  get tensorNames(): string[] {
    return this.optimizer.tensorNames;
  }

  setHyperparameters(update: RuleOverrides): void {
    this.optimizer.setHyperparameters(update as Record<string, unknown>);
  }

  reportMetric(metric: number): void {
    this.optimizer.reportMetric(metric);
  }

  exportState(): OptimizerState {
    return this.optimizer.exportState();
  }

  importState(state: OptimizerState): void {
    this.optimizer.importState(state);
  }

  forget(names?: readonly string[]): void {
    this.optimizer.forget(names);
  }

  dispose(): void {
    this.optimizer.forget();
  }

  /** A new tensor holding the averaged values of a variable, or null before its first averaged step. */
  abstract averageOf(name: string, shape: readonly number[]): tf.Tensor | null;
}
