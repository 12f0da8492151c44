import * as tf from '@tensorflow/tfjs';
import { Optimizer, type OptimizerConfig, type StepOutcome } from '@descent/core';
import { tensorEngine, type TensorKernels } from '../engine/tensor-engine';
import type { StepPath, VariableGradient } from './step-path';

/**
 * The tensor paths, for backends whose memory JavaScript cannot see: the core optimizer on
 * the tensor engine, its update printed as the backend's GPU programs ("gpu": webgl,
 * webgpu) or as tf ops ("ops": any backend), its bookkeeping in tf ops and its state in
 * kept tensors.
 */
export class TensorPath implements StepPath {
  readonly kind: 'gpu' | 'ops';
  readonly optimizer: Optimizer<tf.Tensor>;

  constructor(config: OptimizerConfig, kernels: TensorKernels) {
    this.kind = kernels === 'ops' ? 'ops' : 'gpu';
    this.optimizer = new Optimizer(config, tensorEngine(kernels));
  }

  step(updates: readonly VariableGradient[]): StepOutcome {
    return tf.tidy(() => {
      // A gradient that is itself a variable would change when that variable is assigned: hold its value now.
      const grads = updates.map((u) => (u.gradient instanceof tf.Variable ? tf.clone(u.gradient) : u.gradient));
      const params = updates.map((u) => ({ name: u.name, shape: u.variable.shape, values: u.variable as tf.Tensor }));
      return this.optimizer.step(params, grads);
    });
  }

  averageOf(variable: tf.Variable): tf.Tensor | null {
    const average = tf.tidy(() => {
      const values = this.optimizer.averageOf(variable.name, variable);
      return values === undefined ? [] : [values.reshape(variable.shape)];
    });
    return average[0] ?? null;
  }
}
