import * as tf from '@tensorflow/tfjs';
import { Optimizer, type OptimizerConfig, type StepOutcome } from '@descent/core';
import { SpecEngine } from './spec-engine';
import type { StepEngine, VariableGradient } from './step-engine';
import { tensorEngine } from './tensor-engine';

/**
 * The tf-ops path, for backends whose memory JavaScript cannot see (webgl, tfjs-node): the
 * spec's optimizer itself — rule, groups, schedule, transforms, averaging, state — on the
 * tensor engine, so tf ops do the element-wise work and state lives in kept tensors.
 */
export class OpsEngine extends SpecEngine<tf.Tensor> implements StepEngine {
  readonly kind = 'ops';

  constructor(config: OptimizerConfig) {
    super(new Optimizer(config, tensorEngine));
  }

  step(updates: readonly VariableGradient[]): StepOutcome {
    return tf.tidy(() => {
      // A gradient that is itself a variable would change when that variable is assigned: hold its value now.
      const grads = updates.map((u) => (u.gradient instanceof tf.Variable ? tf.clone(u.gradient) : u.gradient));
      const params = updates.map((u) => ({ name: u.name, shape: u.variable.shape, values: u.variable as tf.Tensor }));
      return this.optimizer.step(params, grads);
    });
  }

  averageOf(name: string, shape: readonly number[]): tf.Tensor | null {
    const average = this.optimizer.averageOf(name);
    if (average === undefined) return null;
    const shaped = average.reshape([...shape]);
    if (shaped !== average) average.dispose();
    return shaped;
  }
}
