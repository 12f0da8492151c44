import * as tf from '@tensorflow/tfjs';
import { createOptimizer, type OptimizerConfig, type StepOutcome } from '@descent/core';
import type { BackendMemory } from './backend-memory';
import { SpecEngine } from './spec-engine';
import type { StepEngine, VariableGradient } from './step-engine';

/**
 * The fused path: the spec's own optimizer (its Float32Array engine, schedules,
 * transforms, averaging and state) run directly on the backend's memory. A step makes
 * no tf op and leaves no tensor behind.
 */
export class FusedEngine extends SpecEngine<Float32Array> implements StepEngine {
  readonly kind = 'fused';

  constructor(config: OptimizerConfig) {
    super(createOptimizer(config));
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

  averageOf(name: string, shape: readonly number[]): tf.Tensor | null {
    const average = this.optimizer.averageOf(name);
    return average === undefined ? null : tf.tensor(average, [...shape], 'float32');
  }
}
