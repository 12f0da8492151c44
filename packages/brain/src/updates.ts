import {
  buildProgram,
  createLbfgs,
  DescentError,
  createOptimizer,
  type Lbfgs,
  type LbfgsConfig,
  type LbfgsState,
  type LbfgsStepResult,
  type Optimizer,
  type OptimizerConfig,
  type OptimizerState,
  resolveRule,
  type StepOutcome,
} from '@descent/core';
import { FUSED_NAME, type NamedTensor, type NetParameters } from './parameters';

/** Tensors the optimizer steps, with a gradient buffer beside each (same order and lengths). */
export interface TrainableTensors {
  readonly tensors: readonly NamedTensor[];
  readonly gradients: readonly Float32Array[];
  /** Every tensor as one, when they lie one after another in one buffer (NetParameters.fused). */
  readonly fused?: { readonly tensor: NamedTensor; readonly gradient: Float32Array } | null;
}

/**
 * True when stepping every tensor as one gives each element the same result as stepping
 * them one by one: an element-wise rule (no per-tensor sums, factored slots or matrices, at
 * any rank) and no per-tensor groups. Transforms are element-wise or global over all
 * tensors in order (clipByGlobalNorm's sum runs the same way), and so are averaging and
 * Lookahead.
 */
function stepsAsOne(config: OptimizerConfig): boolean {
  if (config.groups !== undefined && config.groups.length > 0) return false;
  const { definition, hyperparameters } = resolveRule(config.rule);
  const vector = buildProgram(definition, hyperparameters, 1);
  const matrix = buildProgram(definition, hyperparameters, 2);
  return vector.reduction === null && !vector.broadcasts && matrix.key === vector.key;
}

/**
 * The update path of first-order rules: the core's fast optimizer stepping brain.js's own
 * arrays, named `weights/<layer>` and `biases/<layer>`, with the gradients backpropagation
 * left beside them. Schedules, transforms, averaging, groups and state come with it.
 */
export class FirstOrderUpdate {
  readonly kind = 'first-order';
  readonly optimizer: Optimizer<Float32Array>;
  /** Whether the trainable values are stepped as one tensor when they lie one after another (see stepsAsOne). */
  private readonly asOne: boolean;
  private readonly one: NamedTensor[] = [];
  private readonly oneGradient: Float32Array[] = [];

  constructor(config: OptimizerConfig) {
    this.optimizer = createOptimizer(config);
    this.asOne = stepsAsOne(this.optimizer.config);
  }

  /**
   * One optimizer step with the gradients in the parameters' buffers: one tensor
   * (`parameters`, FUSED_NAME) when the rule allows and the values lie one after another,
   * else a tensor per layer's weights and biases.
   */
  step(parameters: TrainableTensors): StepOutcome {
    const fused = this.asOne ? (parameters.fused ?? null) : null;
    if (fused === null) return this.optimizer.step(parameters.tensors, parameters.gradients);
    this.one[0] = fused.tensor;
    this.oneGradient[0] = fused.gradient;
    return this.optimizer.step(this.one, this.oneGradient);
  }

  /**
   * Checks, before training, that the optimizer holds state only for tensors its steps will
   * take: `names` tensor by tensor, or FUSED_NAME when they are `consecutive` and the rule
   * steps them as one. Imported state for other tensors (a state saved while this trainer's
   * tensors were stepped otherwise) would be left unused; it is refused by name instead.
   */
  checkStateFor(names: readonly string[], consecutive: boolean): void {
    const stepped = this.asOne && consecutive ? [FUSED_NAME] : names;
    const stray = this.optimizer.tensorNames.find((name) => !stepped.includes(name));
    if (stray !== undefined) {
      throw new DescentError('state.update.tensors', stray, `state for the tensors this trainer steps (${stepped.join(', ')}): import a state exported by a trainer with the same options`);
    }
  }

  /** The averaged values of every trainable tensor, or null before the first averaged step. */
  averages(parameters: TrainableTensors): Float32Array[] | null {
    const fused = this.asOne ? (parameters.fused ?? null) : null;
    if (fused !== null) {
      const average = this.optimizer.averageOf(fused.tensor.name, fused.tensor.values);
      if (average === undefined) return null;
      let offset = 0;
      return parameters.tensors.map((t) => average.slice(offset, (offset += t.values.length)));
    }
    const averages = parameters.tensors.map((t) => this.optimizer.averageOf(t.name, t.values));
    return averages.every((a) => a !== undefined) ? (averages as Float32Array[]) : null;
  }

  /** The learning rate of the next step. */
  get learningRate(): number {
    return this.optimizer.learningRate;
  }

  /** Optimizer steps taken. */
  get stepsTaken(): number {
    return this.optimizer.stepsTaken;
  }

  /** Feeds an epoch's metric to a metric-driven schedule (reduceOnPlateau). */
  reportMetric(metric: number): void {
    this.optimizer.reportMetric(metric);
  }

  /** The optimizer's state as plain JSON. */
  exportState(): OptimizerState {
    return this.optimizer.exportState();
  }

  /** Restores `exportState`'s result; the optimizer rejects anything else whole. */
  importState(state: OptimizerState | LbfgsState): void {
    this.optimizer.importState(state as OptimizerState);
  }
}

/**
 * The update path of L-BFGS: the trainable tensors gathered into one flat Float32Array
 * that the core's L-BFGS steps, scattered back into brain.js's arrays before every
 * evaluation of the full-batch objective and after the step.
 */
export class LbfgsUpdate {
  readonly kind = 'lbfgs';
  readonly lbfgs: Lbfgs;
  private x = new Float32Array(0);

  constructor(config: LbfgsConfig) {
    this.lbfgs = createLbfgs(config);
  }

  /** One L-BFGS step; `objective` returns the loss with the gradient left in the parameters' buffers. */
  step(parameters: NetParameters, objective: () => number): LbfgsStepResult {
    if (this.x.length !== parameters.size) this.x = new Float32Array(parameters.size);
    const x = this.x;
    parameters.gather(x);
    // The core puts x back when it rejects a step (a non-finite loss or gradient); brain.js's
    // arrays hold the last trial point, so they are written from x whether the step went through or not.
    try {
      return this.lbfgs.step(x, (at) => {
        parameters.scatter(at);
        // The gradient buffer is every trainable tensor's gradient in x's order (the core copies it).
        return { loss: objective(), gradient: parameters.gradient };
      });
    } finally {
      parameters.scatter(x);
    }
  }

  /** L-BFGS keeps no parameter average. */
  averages(): null {
    return null;
  }

  /** L-BFGS's step-length scale. */
  get learningRate(): number {
    return this.lbfgs.hyperparameters.learningRate;
  }

  /** L-BFGS iterations over every step so far. */
  get stepsTaken(): number {
    return this.lbfgs.iterations;
  }

  /** L-BFGS has no schedule to feed. */
  reportMetric(): void {}

  /** The curvature history as plain JSON. */
  exportState(): LbfgsState {
    return this.lbfgs.exportState();
  }

  /** Restores `exportState`'s result; L-BFGS rejects anything else whole. */
  importState(state: OptimizerState | LbfgsState): void {
    this.lbfgs.importState(state as LbfgsState);
  }
}
