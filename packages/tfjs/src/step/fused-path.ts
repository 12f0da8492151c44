import * as tf from '@tensorflow/tfjs';
import { createOptimizer, DescentError, type Optimizer, type OptimizerConfig, type StepOutcome } from '@descent/core';
import type { BackendMemory } from './backend-memory';
import type { StepPath, VariableGradient } from './step-path';

/**
 * The fused path: the core optimizer on its Float32Array engine, run directly on the
 * backend's memory. A step makes no tf op and leaves no tensor behind.
 */
export class FusedPath implements StepPath {
  readonly kind = 'fused';
  readonly optimizer: Optimizer<Float32Array>;

  constructor(config: OptimizerConfig) {
    this.optimizer = createOptimizer(config);
  }

  /** One step; `memory` must hold every variable and gradient of `updates`. */
  step(updates: readonly VariableGradient[], memory: BackendMemory | null): StepOutcome {
    if (memory === null) throw new DescentError('memory', memory, 'the JS-visible memory of the cpu or wasm backend (the fused path runs there only)');
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

  averageOf(variable: tf.Variable): tf.Tensor | null {
    const average = this.optimizer.averageOf(variable.name, Float32Array.from(variable.dataSync()));
    return average === undefined ? null : tf.tensor(average, variable.shape, 'float32');
  }
}
