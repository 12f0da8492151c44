import * as tf from '@tensorflow/tfjs';
import { createLbfgs, DescentError, type Lbfgs, type LbfgsConfig, type LbfgsState, type LbfgsStepResult } from '@descent/core';

/** What L-BFGS minimizes over: a list of variables, or a model's trainable weights. */
export type LbfgsVariables = readonly tf.Variable[] | tf.LayersModel;

function variablesOf(target: LbfgsVariables): tf.Variable[] {
  if (Array.isArray(target)) return [...target];
  if (target instanceof tf.LayersModel) return target.trainableWeights.map((w) => w.read() as tf.Variable);
  throw new DescentError('variables', target, 'an array of tf.Variable or a tf.LayersModel');
}

/**
 * L-BFGS for tfjs: full-batch minimisation of a loss over variables, with the core's
 * torch.optim.LBFGS semantics (history across steps, first step scaled by
 * min(1, 1/‖g‖₁)·lr, optional strong-Wolfe line search). The variables are flattened
 * into one float32 vector; each evaluation writes it back and runs `tf.variableGrads`.
 *
 * @example
 * const optimizer = lbfgs({ lineSearch: 'strongWolfe', maxIter: 50 });
 * const { loss } = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor), model);
 */
export class DescentLbfgs {
  private readonly lbfgs: Lbfgs;

  constructor(config: Omit<LbfgsConfig, 'type'> = {}) {
    this.lbfgs = createLbfgs({ ...config, type: 'lbfgs' });
  }

  /** The resolved config (defaults filled in by the core). */
  get hyperparameters(): Lbfgs['hyperparameters'] {
    return this.lbfgs.hyperparameters;
  }

  /** Iterations over every step so far. */
  get iterations(): number {
    return this.lbfgs.iterations;
  }

  /** Loss evaluations over every step so far. */
  get evaluations(): number {
    return this.lbfgs.evaluations;
  }

  /**
   * One torch LBFGS.step: up to maxIter iterations minimizing `loss()` (a scalar tensor)
   * over `variables`. The variables hold the result afterwards; no tensor is left behind.
   */
  minimize(loss: () => tf.Scalar, variables: LbfgsVariables): LbfgsStepResult {
    if (typeof loss !== 'function') throw new DescentError('loss', loss, 'a function returning a scalar tf.Tensor');
    const list = variablesOf(variables);
    if (list.length === 0) throw new DescentError('variables', list, 'at least one variable');
    list.forEach((v: unknown, i) => {
      if (!(v instanceof tf.Variable)) throw new DescentError(`variables[${i}]`, v instanceof tf.Tensor ? `a tf.Tensor of shape [${v.shape}]` : v, 'a tf.Variable (tf.variable(tensor)): L-BFGS writes its result into it');
      if (v.dtype !== 'float32') throw new DescentError(`variables[${i}] ("${v.name}").dtype`, v.dtype, '"float32"');
    });
    const x = new Float32Array(list.reduce((n, v) => n + v.size, 0));
    let offset = 0;
    for (const v of list) {
      x.set(v.dataSync(), offset);
      offset += v.size;
    }
    const gradient = new Float32Array(x.length);
    const write = (values: Float32Array) => {
      let at = 0;
      for (const v of list) {
        tf.tidy(() => v.assign(tf.tensor(values.slice(at, at + v.size), v.shape, 'float32')));
        at += v.size;
      }
    };
    const evaluate = (at: Float32Array) => {
      write(at);
      const { value, grads } = tf.variableGrads(loss, list);
      try {
        if (value.rank !== 0) throw new DescentError('loss()', value.shape, 'a scalar tensor (shape [])');
        let position = 0;
        for (const v of list) {
          const g = grads[v.name];
          if (g === undefined) throw new DescentError(`variables["${v.name}"]`, v.name, 'a variable the loss depends on (it has no gradient)');
          gradient.set(g.dataSync(), position);
          position += v.size;
        }
        return { loss: value.dataSync()[0], gradient };
      } finally {
        tf.dispose([value, ...Object.values(grads)]);
      }
    };
    // The core puts x back when it rejects a step (a non-finite loss or gradient); the variables
    // hold the last trial point, so they are written from x whether the step went through or not.
    try {
      return this.lbfgs.step(x, evaluate);
    } finally {
      write(x);
    }
  }

  /** The curvature history and last direction as JSON (exact). */
  exportState(): LbfgsState {
    return this.lbfgs.exportState();
  }

  /** Restores what exportState returned. */
  importState(state: LbfgsState): void {
    this.lbfgs.importState(state);
  }
}

/** `lbfgs({ lineSearch: 'strongWolfe' })`: L-BFGS over tfjs variables (see DescentLbfgs). */
export function lbfgs(config: Omit<LbfgsConfig, 'type'> = {}): DescentLbfgs {
  return new DescentLbfgs(config);
}
