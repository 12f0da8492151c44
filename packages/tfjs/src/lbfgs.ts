import * as tf from '@tensorflow/tfjs';
import { createLbfgs, DescentError, type Lbfgs, type LbfgsConfig, type LbfgsState, type LbfgsStepResult } from '@descent/core';
import type { NamedTensor } from './optimizer/gradients';
import { ITERATIONS_WEIGHT, readJsonWeight } from './optimizer/weights';

/** What L-BFGS minimizes over: a list of variables, or a model's trainable weights. */
export type LbfgsVariables = readonly tf.Variable[] | tf.LayersModel;

/** The weight holding the L-BFGS state as JSON text. */
const LBFGS_STATE_WEIGHT = 'descent/lbfgs';

function variablesOf(target: LbfgsVariables): tf.Variable[] {
  if (Array.isArray(target)) return [...target];
  if (target instanceof tf.LayersModel) return target.trainableWeights.map((w) => w.read() as tf.Variable);
  throw new DescentError('variables', target, 'an array of tf.Variable or a tf.LayersModel');
}

/** Every trainable variable, as tf.Optimizer's minimize takes when given no list. */
function trainableVariables(): tf.Variable[] {
  return Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
}

/**
 * L-BFGS for tfjs: full-batch minimisation of a loss over variables, with the core's
 * torch.optim.LBFGS semantics (history across steps, first step scaled by
 * min(1, 1/‖g‖₁)·lr, optional strong-Wolfe line search). The variables are flattened
 * into one float32 vector; each evaluation writes it back and runs `tf.variableGrads`.
 *
 * It is a `tf.Optimizer`: in `model.compile({ optimizer: lbfgs() })`, each `fit` batch is
 * one torch `LBFGS.step`, which re-evaluates fit's loss closure up to `maxEval` times (as
 * torch's step takes a closure), so fit with `batchSize` ≥ the sample count is full-batch
 * L-BFGS and each epoch one step. Compile it without metrics: fit's closure keeps one
 * metric tensor per evaluation, which a step that evaluates several times cannot release
 * (a DescentError says so before anything changes).
 *
 * @example
 * model.compile({ optimizer: lbfgs({ lineSearch: 'strongWolfe' }), loss: 'meanSquaredError' });
 * await model.fit(x, y, { batchSize: x.shape[0], epochs: 5 });
 * // or one step directly, with its counts:
 * const { loss } = lbfgs().minimize(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor), model);
 */
export class DescentLbfgs extends tf.Optimizer {
  /** The name tfjs saves with a model's training config. */
  static className = 'DescentLbfgs';
  private readonly lbfgs: Lbfgs;
  private handedOut: tf.Tensor[] = [];

  constructor(config: Omit<LbfgsConfig, 'type'> = {}) {
    super();
    this.lbfgs = createLbfgs({ ...config, type: 'lbfgs' });
  }

  /** The resolved config (defaults filled in by the core). */
  get hyperparameters(): Lbfgs['hyperparameters'] {
    return this.lbfgs.hyperparameters;
  }

  /** Inner L-BFGS iterations over every step so far (not steps, as tf.Optimizer's counter is). */
  override get iterations(): number {
    return this.lbfgs.iterations;
  }

  /** Loss evaluations over every step so far. */
  get evaluations(): number {
    return this.lbfgs.evaluations;
  }

  /**
   * tf.Optimizer's form, which `model.fit` calls: one torch LBFGS.step minimizing `f()`
   * over `varList` (default: every trainable variable); returns the loss the step started
   * from when `returnCost` is true (what torch's step returns), else null.
   */
  override minimize(f: () => tf.Scalar, returnCost?: boolean, varList?: tf.Variable[]): tf.Scalar | null;
  /**
   * descent's form: one step over a list of variables or a model's trainable weights,
   * returning its losses and counts.
   */
  override minimize(loss: () => tf.Scalar, variables: LbfgsVariables): LbfgsStepResult;
  override minimize(loss: () => tf.Scalar, second?: boolean | LbfgsVariables, varList?: tf.Variable[]): tf.Scalar | null | LbfgsStepResult {
    if (second !== undefined && typeof second !== 'boolean') return this.step(loss, variablesOf(second));
    const result = this.step(loss, varList ?? trainableVariables());
    return second === true ? tf.scalar(result.initialLoss) : null;
  }

  /** L-BFGS needs the loss itself, not one gradient: refuses, naming what to call. */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    throw new DescentError('applyGradients', variableGradients, 'no call: L-BFGS re-evaluates the loss, so use minimize(loss) (model.fit does)');
  }

  /** The curvature history and last direction as JSON (exact). */
  exportState(): LbfgsState {
    return this.lbfgs.exportState();
  }

  /** Restores what exportState returned. */
  importState(state: LbfgsState): void {
    this.lbfgs.importState(state);
  }

  /**
   * The state as tfjs weights (what `model.save(…, { includeOptimizer: true })` stores):
   * `iter` and the JSON of exportState. They stay owned by the optimizer, released at the
   * next call or by `dispose()`.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    tf.dispose(this.handedOut);
    const weights = [
      { name: ITERATIONS_WEIGHT, tensor: tf.scalar(this.lbfgs.iterations, 'int32') },
      { name: LBFGS_STATE_WEIGHT, tensor: tf.scalar(JSON.stringify(this.exportState())) },
    ];
    this.handedOut = weights.map((w) => w.tensor);
    return weights;
  }

  /** Restores weights from getWeights (what `tf.loadLayersModel` passes back). */
  override async setWeights(weights: NamedTensor[]): Promise<void> {
    this.importState((await readJsonWeight(weights, LBFGS_STATE_WEIGHT, 'DescentLbfgs')) as LbfgsState);
  }

  /** The resolved config, for serialization. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.lbfgs.hyperparameters };
  }

  /** Builds an optimizer from getConfig's output (tfjs-layers' `customObjects` entry is dropped). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { customObjects: _customObjects, type: _type, ...options } = config;
    return new cls(options);
  }

  /** Releases the tensors getWeights handed out. */
  override dispose(): void {
    tf.dispose(this.handedOut);
    this.handedOut = [];
    super.dispose();
  }

  /**
   * One torch LBFGS.step: up to maxIter iterations minimizing `loss()` (a scalar tensor)
   * over `list`. The variables hold the result afterwards (their start if the step
   * throws); no tensor is left behind.
   */
  private step(loss: () => tf.Scalar, list: tf.Variable[]): LbfgsStepResult {
    if (typeof loss !== 'function') throw new DescentError('loss', loss, 'a function returning a scalar tf.Tensor');
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
      const before = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(loss, list);
      let evaluated: number;
      try {
        if (value.rank !== 0) throw new DescentError('loss()', value.shape, 'a scalar tensor (shape [])');
        let position = 0;
        for (const v of list) {
          const g = grads[v.name];
          if (g === undefined) throw new DescentError(`variables["${v.name}"]`, v.name, 'a variable the loss depends on (it has no gradient)');
          gradient.set(g.dataSync(), position);
          position += v.size;
        }
        evaluated = value.dataSync()[0];
      } finally {
        tf.dispose([value, ...Object.values(grads)]);
      }
      const kept = tf.memory().numTensors - before;
      if (kept > 0) {
        const allowed = 'a function that keeps no tensor: L-BFGS evaluates it several times a step (compile the model without metrics; measure them with model.evaluate)';
        throw new DescentError('loss', `${kept} tensor(s) kept per evaluation`, allowed);
      }
      return { loss: evaluated, gradient };
    };
    // The core puts x back when it rejects a step (a non-finite loss or gradient); the variables
    // hold the last trial point, so they are written from x whether the step went through or not.
    try {
      return this.lbfgs.step(x, evaluate);
    } finally {
      write(x);
    }
  }
}

tf.serialization.registerClass(DescentLbfgs);

/** `lbfgs({ lineSearch: 'strongWolfe' })`: L-BFGS over tfjs variables (see DescentLbfgs). */
export function lbfgs(config: Omit<LbfgsConfig, 'type'> = {}): DescentLbfgs {
  return new DescentLbfgs(config);
}
