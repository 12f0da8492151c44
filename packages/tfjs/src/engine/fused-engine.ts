import * as tf from '@tensorflow/tfjs';
import { createOptimizer, type Optimizer, type OptimizerConfig, type OptimizerState, type RuleOverrides, type StepOutcome } from '@descent/spec';
import type { BackendMemory } from './backend-memory';
import type { StepEngine, VariableGradient } from './step-engine';

/**
 * The fused path: the spec's own optimizer (its Float32Array engine, schedules,
 * transforms, averaging and state) run directly on the backend's memory. A step makes
 * no tf op and leaves no tensor behind.
 */
export class FusedEngine implements StepEngine {
  readonly kind = 'fused';
  private readonly optimizer: Optimizer<Float32Array>;

  constructor(config: OptimizerConfig) {
    this.optimizer = createOptimizer(config);
  }

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

  /** One step; `memory` must hold every variable and gradient of `updates`. */
  step(updates: readonly VariableGradient[], memory: BackendMemory | null): StepOutcome {
    if (memory === null) throw new Error('the fused engine runs on JS-visible backend memory only');
    const gradients = new Set(updates.map((u) => u.gradient.dataId));
    const targets = updates.map((u) => memory.writable(u.variable, gradients.has(u.variable.dataId)));
    let outcome: StepOutcome | null = null;
    try {
      const params = updates.map((u, i) => ({ name: u.name, shape: u.variable.shape, values: targets[i].values() }));
      const grads = updates.map((u) => memory.read(u.gradient));
      outcome = this.optimizer.step(params, grads);
      return outcome;
    } finally {
      for (const target of targets) {
        if (outcome === 'updated') target.commit();
        else target.release();
      }
    }
  }

  setHyperparameters(update: RuleOverrides): void {
    this.optimizer.setHyperparameters(update as Record<string, unknown>);
  }

  reportMetric(metric: number): void {
    this.optimizer.reportMetric(metric);
  }

  averageOf(name: string, shape: readonly number[]): tf.Tensor | null {
    const average = this.optimizer.averageOf(name);
    return average === undefined || average === null ? null : tf.tensor(average.slice(), [...shape], 'float32');
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
}
