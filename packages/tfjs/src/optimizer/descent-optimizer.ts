import * as tf from '@tensorflow/tfjs';
import {
  DescentError,
  isPlainObject,
  nonNegativeInteger,
  type FirstOrderRuleType,
  type OptimizerConfig,
  type OptimizerState,
  type RuleHyperparametersOf,
  type ResolvedSam,
  type ScheduleConfig,
  type StepOutcome,
} from '@descent/core';
import { scaledGlobalNorm } from '../engine/global-norm';
import { kernelsFor, type TensorKernels } from '../engine/tensor-engine';
import { activeMemory, type BackendMemory } from '../step/backend-memory';
import { FusedPath } from '../step/fused-path';
import type { StepPath, VariableGradient } from '../step/step-path';
import { TensorPath } from '../step/tensor-path';
import { splitOptions, wrapGroupNames, type Execution } from '../options';
import { checkGradients, type NamedTensor } from './gradients';
import { findRenames, renameState } from './renames';
import { stateToWeights, weightsToState } from './weights';

/** What a step runs on: the fused kernels on backend memory, or the tensor kernels of a kind. */
type PathChoice = 'fused' | TensorKernels;

/** A step path for a choice. */
function createPath(choice: PathChoice, config: OptimizerConfig): StepPath & { readonly choice: PathChoice } {
  const path = choice === 'fused' ? new FusedPath(config) : new TensorPath(config, choice);
  return Object.assign(path, { choice });
}

/** The path a new optimizer starts on, before its first step shows where the variables live. */
function initialChoice(execution: Execution): PathChoice {
  if (execution === 'ops') return 'ops';
  if (execution !== 'gpu' && activeMemory() !== null) return 'fused';
  return kernelsFor(tf.getBackend());
}

/** The path a step runs on; throws when the execution asked for cannot run on this backend. */
function stepChoice(execution: Execution, memory: BackendMemory | null): PathChoice {
  if (execution === 'ops') return 'ops';
  if (memory !== null) return 'fused';
  const kernels = kernelsFor(tf.getBackend());
  if (execution === 'fused') {
    throw new DescentError('execution', 'fused', `"auto", "gpu" or "ops": the "${tf.getBackend()}" backend's memory is not visible to JS (fused runs on cpu and wasm)`);
  }
  if (execution === 'gpu' && kernels === 'ops') {
    throw new DescentError('execution', 'gpu', `"auto", "fused" or "ops": the "${tf.getBackend()}" backend has no GPU programs (gpu runs on webgl and webgpu)`);
  }
  return kernels;
}

/** The memory a fused step can run on: the active backend's, when it holds every tensor of the step. */
function fusedMemoryFor(updates: readonly VariableGradient[]): BackendMemory | null {
  const memory = activeMemory();
  if (memory === null) return null;
  return updates.every((u) => memory.holds(u.variable) && memory.holds(u.gradient)) ? memory : null;
}

/**
 * A tfjs optimizer running a rule of @descent/core, with its schedule, gradient
 * transforms, averaging and per-variable groups. Works in `model.compile({ optimizer })`,
 * `minimize` and `applyGradients`. State is kept by variable name (so toggling a layer's
 * `trainable` mid-training is fine), saves with `model.save(…, { includeOptimizer: true })`
 * and resumes exactly after `tf.loadLayersModel`. `R` is its rule's type ("adam"), which
 * types `hyperparameters` and `setHyperparameters`; `DescentOptimizer` alone is any rule's.
 */
export abstract class DescentOptimizer<R extends FirstOrderRuleType = FirstOrderRuleType> extends tf.Optimizer {
  /** The core rule this optimizer runs. */
  readonly ruleType: R;
  /** Where steps run: "auto", "fused", "gpu" or "ops" (see Execution). */
  readonly execution: Execution;
  /** Sharpness-aware minimization (`sam` option), or null: then `minimize` evaluates the loss once. */
  readonly sam: ResolvedSam | null;
  private readonly config: OptimizerConfig;
  private path: StepPath & { readonly choice: PathChoice };
  /** Names whose state was imported and that no step has used since (see findRenames). */
  private unclaimed = new Set<string>();
  private handedOut: tf.Tensor[] = [];
  private outcome: StepOutcome | null = null;

  protected constructor(type: R, options: unknown) {
    super();
    const { config, execution, sam } = splitOptions(type, options);
    this.ruleType = type;
    this.execution = execution;
    this.sam = sam;
    this.path = createPath(initialChoice(execution), config);
    this.config = config;
  }

  /** The rule's base learning rate (lr0 of the schedule). Setting it is validated and takes effect at the next step. */
  get learningRate(): number {
    return this.path.optimizer.hyperparameters.learningRate as number;
  }

  set learningRate(value: number) {
    this.path.optimizer.setHyperparameters({ learningRate: value });
  }

  /** The learning rate the next step will use: the schedule's value, before per-variable multipliers. */
  get scheduledLearningRate(): number {
    return this.path.optimizer.learningRate;
  }

  /** The learning-rate schedule config, if any. */
  get schedule(): ScheduleConfig | undefined {
    return this.config.schedule;
  }

  /** Every hyperparameter of the rule now in force (a copy). */
  get hyperparameters(): RuleHyperparametersOf<R> {
    return this.path.optimizer.hyperparameters as RuleHyperparametersOf<R>;
  }

  /** Optimizer steps taken; calls that only accumulated or were skipped do not count. */
  get stepsTaken(): number {
    return this.path.optimizer.stepsTaken;
  }

  /** Calls skipped for non-finite gradients (with the skipNonFinite transform). */
  get skippedSteps(): number {
    return this.path.optimizer.skippedSteps;
  }

  /** What the last `applyGradients` did: "updated", "accumulated", "skipped", or null before any. */
  get lastOutcome(): StepOutcome | null {
    return this.outcome;
  }

  /** Where the last step ran: "fused" (Float32Array kernels on backend memory), "gpu" (printed WebGL/WebGPU programs) or "ops" (tf ops). */
  get executedOn(): 'fused' | 'gpu' | 'ops' {
    return this.path.kind;
  }

  /** The names of the variables the optimizer holds state for. */
  get variableNames(): string[] {
    return this.path.optimizer.tensorNames;
  }

  /** Changes rule hyperparameters between steps (e.g. `{ weightDecay: 0 }`); checked whole, all or nothing. */
  setHyperparameters(update: Partial<RuleHyperparametersOf<R>>): void {
    this.path.optimizer.setHyperparameters(update);
  }

  /** Reports a metric (e.g. validation loss) to a reduceOnPlateau schedule. */
  reportMetric(metric: number): void {
    this.path.optimizer.reportMetric(metric);
  }

  /**
   * Updates the variables from their gradients: a map from variable name to gradient, or
   * an array of `{ name, tensor }`. Everything is checked before anything changes.
   */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const updates = checkGradients(variableGradients);
    this.claimRenamed(updates);
    const memory = this.execution === 'auto' || this.execution === 'fused' ? fusedMemoryFor(updates) : null;
    this.use(stepChoice(this.execution, memory));
    this.outcome = this.path.step(updates, memory);
    for (const { name } of updates) this.unclaimed.delete(name);
    this.incrementIterations();
  }

  /**
   * Minimizes `f` by one step, as tf.Optimizer's minimize does, except that a rejected step
   * (a non-finite gradient without skipNonFinite, a bad shape) releases the loss and the
   * gradients before it throws. With `sam` (Foret et al. 2021) it evaluates `f` twice: the
   * gradient g at the weights w, then the gradient at w + rho·g/‖g‖ (‖g‖ over every variable),
   * from which the rule steps at w. `model.fit` calls this, so `fit` trains with SAM. The
   * cost returned is the loss at w.
   */
  override minimize(f: () => tf.Scalar, returnCost = false, varList?: tf.Variable[]): tf.Scalar | null {
    const { value, grads: first } = this.computeGradients(f, varList);
    let grads = first;
    try {
      if (this.sam !== null) grads = this.sharpnessGradients(f, first, this.sam.rho, varList);
      this.applyGradients(varList == null ? grads : varList.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    } catch (error) {
      value.dispose();
      throw error;
    } finally {
      tf.dispose([...Object.values(first), ...Object.values(grads)]);
    }
    if (returnCost) return value;
    value.dispose();
    return null;
  }

  /** SAM's second gradient: of `f` at w + rho·g/‖g‖ for the gradients g at w, the weights put back after. */
  private sharpnessGradients(f: () => tf.Scalar, first: tf.NamedTensorMap, rho: number, varList?: tf.Variable[]): tf.NamedTensorMap {
    const names = Object.keys(first);
    const variables = names.map((name) => varList?.find((v) => v.name === name) ?? tf.engine().registeredVariables[name]);
    const saved = variables.map((v) => tf.keep(v.clone()));
    tf.tidy(() => {
      // ε = rho·g/(‖g‖ + 1e-12) with ‖g‖ = unit·root, as (g/unit)·rho/(root + 1e-12/unit)
      // (samFactor of @descent/core), so that float32 gradients of 1e20 do not overflow.
      const { unit, root, normalized } = scaledGlobalNorm(names.map((name) => first[name]));
      const factor = tf.div(rho, root.add(tf.div(1e-12, unit)));
      variables.forEach((v, i) => v.assign(v.add(normalized[i].mul(factor))));
    });
    try {
      const second = this.computeGradients(f, varList);
      second.value.dispose();
      return second.grads;
    } finally {
      variables.forEach((v, i) => v.assign(saved[i]));
      tf.dispose(saved);
    }
  }

  /**
   * A new tensor with the value to evaluate a variable at: its average (`average` option)
   * or the rule's own evaluation point (asgd); null before its first step.
   */
  averageOf(variable: tf.Variable): tf.Tensor | null {
    return this.path.averageOf(variable);
  }

  /** True when there are weights to evaluate at other than the trained ones: `average` is set, or the rule keeps its own (asgd). */
  get keepsAverage(): boolean {
    return this.path.optimizer.keepsAverage;
  }

  /**
   * The whole state in the core's JSON format (exact; what getWeights saves). It reads the
   * state back from the device synchronously: on webgpu, which cannot, use exportStateAsync.
   */
  exportState(): OptimizerState {
    return this.path.optimizer.exportState();
  }

  /** The whole state, read from the device without blocking, after every guarded step is settled. */
  exportStateAsync(): Promise<OptimizerState> {
    return this.path.optimizer.exportStateAsync();
  }

  /**
   * Resolves once every step taken with skipNonFinite on a GPU backend is settled: those
   * steps are guarded on the device and their skipped/updated outcome (and the counters
   * `skippedSteps` and `stepsTaken`) are known only when the device has answered.
   */
  settled(): Promise<void> {
    return this.path.optimizer.settled();
  }

  /**
   * Restores a state from exportState, and optionally tfjs's step counter `iterations` (what
   * the model saves as `iter`); a rejected state changes nothing.
   */
  importState(state: OptimizerState, iterations?: number): void {
    if (iterations !== undefined && !nonNegativeInteger.test(iterations)) throw new DescentError('iterations', iterations, nonNegativeInteger.allowed);
    this.path.optimizer.importState(state);
    this.unclaimed = new Set(Object.keys(state.tensors));
    if (iterations !== undefined) this.iterations_ = iterations;
  }

  /** Drops the state of some variables (e.g. a replaced head), or of all. */
  forget(variables?: readonly (tf.Variable | string)[]): void {
    this.path.optimizer.forget(variables?.map((v) => (typeof v === 'string' ? v : v.name)));
  }

  /**
   * The state as tfjs weights (what `model.save(…, { includeOptimizer: true })` stores).
   * The tensors stay owned by the optimizer: they are released at the next call or by
   * `dispose()`, so repeated saves leak nothing.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const state = await this.path.optimizer.exportStateAsync();
    tf.dispose(this.handedOut);
    const weights = stateToWeights(state, this.iterations);
    this.handedOut = weights.map((w) => w.tensor);
    return weights;
  }

  /** Restores weights from getWeights (what `tf.loadLayersModel` passes back). */
  override async setWeights(weights: NamedTensor[]): Promise<void> {
    const { state, iterations } = await weightsToState(weights);
    this.importState(state);
    this.iterations_ = iterations;
  }

  /** The rule's hyperparameters (as now in force) and the descent options, for serialization. */
  override getConfig(): tf.serialization.ConfigDict {
    const config: Record<string, unknown> = { ...this.path.optimizer.hyperparameters };
    const { schedule, transforms, average, groups, lookahead } = this.config;
    if (schedule !== undefined) config.schedule = schedule;
    if (transforms !== undefined) config.transforms = transforms;
    if (average !== undefined) config.average = average;
    if (lookahead !== undefined) config.lookahead = lookahead;
    if (this.sam !== null) config.sam = { ...this.sam };
    if (groups !== undefined) config.groups = wrapGroupNames(groups);
    config.execution = this.execution;
    return config as tf.serialization.ConfigDict;
  }

  /**
   * Builds an optimizer from getConfig's output. tfjs-layers adds a `customObjects` entry
   * when it deserializes a training config; it is not an option and is dropped.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    if (!isPlainObject(config)) throw new DescentError('config', config, 'the object getConfig gave (a saved training config)');
    const { customObjects: _customObjects, ...options } = config;
    return new cls(options);
  }

  /** Releases every tensor the optimizer holds; numTensors returns to its count before the optimizer existed. */
  override dispose(): void {
    this.path.optimizer.forget();
    tf.dispose(this.handedOut);
    this.handedOut = [];
    super.dispose();
  }

  /** Moves the state to a path of the given choice when the step needs another one. */
  private use(choice: PathChoice): void {
    if (this.path.choice === choice) return;
    const next = createPath(choice, this.config);
    next.optimizer.importState(this.path.optimizer.exportState());
    this.path.optimizer.forget();
    this.path = next;
  }

  /** Gives imported state to variables renamed by tfjs-layers' `_<n>` suffix. */
  private claimRenamed(updates: readonly VariableGradient[]): void {
    if (this.unclaimed.size === 0) return;
    const known = new Set(this.path.optimizer.tensorNames);
    if (updates.every((u) => known.has(u.name))) return;
    const state = this.path.optimizer.exportState();
    const step = updates.map((u) => ({ name: u.name, size: u.variable.size }));
    const renames = findRenames(this.unclaimed, known, step, (name) => state.tensors[name]?.length ?? -1);
    if (renames.size === 0) return;
    this.path.optimizer.importState(renameState(state, renames));
    for (const [old, name] of renames) {
      this.unclaimed.delete(old);
      this.unclaimed.add(name);
    }
  }
}
