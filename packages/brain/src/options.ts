import {
  DescentError,
  boolean,
  checkDropoutRate,
  isPlainObject,
  nonNegative,
  oneOf,
  openUnitInterval,
  positiveInteger,
  resolveFields,
  rules,
  type AnyRuleDefinition,
  type AverageConfig,
  type Check,
  type DropoutMode,
  type Fields,
  type LbfgsConfig,
  type LookaheadConfig,
  type ResolvedSam,
  type SamConfig,
  resolveSam,
  type OptimizerConfig,
  type RuleConfig,
  type ScheduleConfig,
  type TensorGroupConfig,
  type TransformConfig,
  unitInterval,
} from '@descent/core';
import { resolveAugment, type InputAugmentation } from './augmentation';
import { ACTIVATIONS, type Activation, type BrainNet } from './network';

/** A training sample as brain.js takes it: arrays, Float32Arrays or objects (brain.js lookups). */
export interface Datum<I = unknown, O = unknown> {
  input: I;
  output: O;
}

/** What `progress` and the log receive after every epoch. */
export interface TrainingProgress {
  /** Epochs finished in this call of `train` (brain.js's "iterations"). */
  iterations: number;
  /** Mean over the epoch's samples of the mean squared output error, as brain.js reports it: seen during training, or with dropout measured at inference after the epoch. */
  error: number;
  /** The same error on the validation data, at inference (no dropout); null without validation data. */
  validationError: number | null;
  /** The learning rate the next optimizer step will use. */
  learningRate: number;
  /** Optimizer steps taken so far. */
  steps: number;
  /** Milliseconds since this call of `train` started. */
  elapsedMs: number;
}

/** Validation data and early stopping. */
export interface ValidationOptions<I = unknown, O = unknown> {
  /** Samples in the training data's format, never trained on. */
  data: Datum<I, O>[];
  /**
   * Stop after this many epochs without improvement of the validation error. Default: never stop early.
   * @defaultValue `Infinity`
   */
  patience?: number;
  /**
   * The least decrease that counts as an improvement. Default 0.
   * @defaultValue `0`
   */
  minDelta?: number;
  /**
   * End with the weights of the epoch with the lowest validation error. Default true.
   * @defaultValue `true`
   */
  restoreBestWeights?: boolean;
}

/**
 * Options of the descent trainer: brain.js's own training options (same names, same
 * defaults, read from the net's `trainOpts`) plus everything descent adds.
 */
export interface TrainOptions<I = unknown, O = unknown> {
  /**
   * Any descent update rule, e.g. `{ type: "adamw", learningRate: 1e-3 }`, or `{ type: "lbfgs" }` (full batch). Default: brain.js's own (sgd with its learningRate and momentum, or adam with `praxis: "adam"`).
   * @defaultValue brain.js's own rule
   */
  optimizer?: RuleConfig;
  /** A learning-rate schedule, stepped once per optimizer step. */
  schedule?: ScheduleConfig;
  /** Gradient transforms (clipByGlobalNorm, clipByValue, l1, l2, skipNonFinite, accumulate), in order. */
  transforms?: TransformConfig[];
  /** Parameter averaging (ema or polyak), updated after every optimizer step. */
  average?: AverageConfig;
  /** Per-tensor options; tensors are named `weights/<layer>` and `biases/<layer>` (layers 1 … outputLayer). */
  groups?: TensorGroupConfig[];
  /** Lookahead around the rule: `{ k: 5, alpha: 0.5 }` (slow weights synchronised every k steps). */
  lookahead?: LookaheadConfig;
  /** Sharpness-aware minimization, `{ rho: 0.05 }`: each step takes the gradient again at w + rho·g/‖g‖ and steps from w with it. */
  sam?: SamConfig;
  /**
   * End training with the averaged weights (and validate with them). Default: true when `average` is set or the rule keeps its own (asgd).
   * @defaultValue `true` when `average` is set or the rule keeps its own evaluation point
   */
  useAverage?: boolean;
  /**
   * Samples per optimizer step; the gradient is the batch mean. Default 1 (brain.js's online training).
   * @defaultValue `1`
   */
  batchSize?: number;
  /**
   * Shuffle the samples every epoch (seeded). Default true.
   * @defaultValue `true`
   */
  shuffle?: boolean;
  /**
   * Seeds shuffling, dropout masks, `augment`'s generator and the weights of an uninitialized net. Default 0.
   * @defaultValue `0`
   */
  seed?: number;
  /**
   * Dropout rate of every hidden layer, or one rate per hidden layer, in [0, 1). Default 0.
   * @defaultValue `0`
   */
  dropout?: number | number[];
  /**
   * Dropout rate on the inputs, in [0, 1). Default 0.
   * @defaultValue `0`
   */
  inputDropout?: number;
  /**
   * "inverted" (default: scale by 1/(1 − rate) while training) or "classic" (scale by 1 − rate at inference, baked into the weights).
   * @defaultValue `"inverted"`
   */
  dropoutMode?: DropoutMode;
  /** Layers (brain.js numbering, 1 … outputLayer) whose weights and biases stay as they are. */
  frozenLayers?: number[];
  /**
   * Augments every training input anew each epoch, in the training forward pass only (not
   * validation data, not inference; the stored data is untouched), e.g. `augmentFlat(…)` from
   * @descent/augment. Gets a copy of the input and a generator seeded from `seed`; must return
   * as many finite numbers as the net has inputs. Not with lbfgs.
   */
  augment?: InputAugmentation;
  /** Validation data, early stopping and best-weight restoring. */
  validation?: ValidationOptions<I, O>;
  /** Called after every epoch; return false to stop training. */
  progress?: (progress: TrainingProgress) => void | boolean;
  /** brain.js: the most epochs to train. */
  iterations?: number;
  /** brain.js: stop once the epoch's training error is at most this (with dropout: the error at inference). */
  errorThresh?: number;
  /** brain.js: true logs to the console, a function receives the progress, every `logPeriod` epochs. */
  log?: boolean | ((progress: TrainingProgress) => void);
  /** brain.js: epochs between logs. */
  logPeriod?: number;
  /** brain.js: called every `callbackPeriod` epochs with `{ iterations, error }`. */
  callback?: (status: { iterations: number; error: number }) => void;
  /** brain.js: epochs between callbacks. */
  callbackPeriod?: number;
  /** brain.js: stop after this many milliseconds. */
  timeout?: number;
  /** brain.js: the activation (sigmoid, relu, leaky-relu, tanh); kept in the net's trainOpts. */
  activation?: Activation;
  /** brain.js: the leaky-relu slope for negative inputs; kept in the net's trainOpts. */
  leakyReluAlpha?: number;
  /** brain.js: sgd's (or adam's) learning rate when `optimizer` is not given. */
  learningRate?: number;
  /** brain.js: sgd's momentum when `optimizer` is not given. */
  momentum?: number;
  /** brain.js: "adam" selects adam when `optimizer` is not given. */
  praxis?: 'adam';
  /** brain.js: adam's beta1 when `optimizer` is not given. */
  beta1?: number;
  /** brain.js: adam's beta2 when `optimizer` is not given. */
  beta2?: number;
  /** brain.js: adam's epsilon when `optimizer` is not given. */
  epsilon?: number;
}

/** How the parameters are updated: a first-order optimizer, or full-batch L-BFGS. */
export type UpdateConfig = { kind: 'first-order'; config: OptimizerConfig } | { kind: 'lbfgs'; config: LbfgsConfig };

/** Options checked and completed with their defaults. */
export interface ResolvedOptions {
  readonly update: UpdateConfig;
  readonly useAverage: boolean;
  /** SAM, or null. */
  readonly sam: ResolvedSam | null;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropout: number | readonly number[];
  readonly inputDropout: number;
  readonly dropoutMode: DropoutMode;
  readonly frozenLayers: readonly number[];
  readonly augment: InputAugmentation | null;
  readonly validation: Required<ValidationOptions> | null;
  readonly progress: ((progress: TrainingProgress) => void | boolean) | null;
  readonly iterations: number;
  readonly errorThresh: number;
  readonly log: ((progress: TrainingProgress) => void) | null;
  readonly logPeriod: number;
  readonly callback: ((status: { iterations: number; error: number }) => void) | null;
  readonly callbackPeriod: number;
  readonly timeout: number;
  readonly activation: Activation;
  readonly leakyReluAlpha: number;
}

const BRAIN_RULE_OPTIONS = ['learningRate', 'momentum', 'praxis', 'beta1', 'beta2', 'epsilon'] as const;
const DESCENT_UPDATE_OPTIONS = ['optimizer', 'schedule', 'transforms', 'average', 'groups', 'lookahead'] as const;
const STRUCTURED_OPTIONS = [...DESCENT_UPDATE_OPTIONS, ...BRAIN_RULE_OPTIONS, 'dropout', 'frozenLayers', 'augment', 'validation', 'useAverage', 'sam', 'callback', 'progress'];

/** The scalar options every net kind takes. */
export type CommonScalars = Pick<
  ResolvedOptions,
  'batchSize' | 'shuffle' | 'seed' | 'inputDropout' | 'dropoutMode' | 'iterations' | 'errorThresh' | 'logPeriod' | 'callbackPeriod' | 'timeout'
> & { log: boolean | ((progress: TrainingProgress) => void) };

type ScalarOptions = CommonScalars & Pick<ResolvedOptions, 'activation' | 'leakyReluAlpha'>;

/** brain.js's training options that give defaults to descent's, as every brain.js net keeps them in `trainOpts`. */
export interface BrainTrainDefaults {
  iterations: number;
  errorThresh: number;
  log?: boolean | ((...args: never[]) => void);
  logPeriod: number;
  callbackPeriod: number;
  timeout: number;
}

const integer: Check<number> = { allowed: 'an integer', test: (v): v is number => Number.isInteger(v) };
const epochs: Check<number> = {
  allowed: 'an integer ≥ 1 (epochs), or Infinity',
  test: (v): v is number => v === Infinity || positiveInteger.test(v),
};
const milliseconds: Check<number> = {
  allowed: 'a number > 0 (milliseconds), or Infinity',
  test: (v): v is number => typeof v === 'number' && v > 0,
};
const logOption: Check<boolean | ((progress: TrainingProgress) => void)> = {
  allowed: 'true, false or a function',
  test: (v): v is boolean => typeof v === 'boolean' || typeof v === 'function',
};

/** The scalar options every net kind takes, with their checks; brain.js's names default to its `trainOpts`. */
export function commonFields(brain: BrainTrainDefaults): Fields<CommonScalars> {
  return {
    batchSize: { default: 1, check: positiveInteger },
    shuffle: { default: true, check: boolean },
    seed: { default: 0, check: integer },
    inputDropout: { default: 0, check: unitInterval },
    dropoutMode: { default: 'inverted', check: oneOf<DropoutMode>('inverted', 'classic') },
    iterations: { default: brain.iterations, check: epochs },
    errorThresh: { default: brain.errorThresh, check: nonNegative },
    log: { default: (brain.log ?? false) as CommonScalars['log'], check: logOption },
    logPeriod: { default: brain.logPeriod, check: positiveInteger },
    callbackPeriod: { default: brain.callbackPeriod, check: positiveInteger },
    timeout: { default: brain.timeout, check: milliseconds },
  };
}

/** The scalar options of a NeuralNetwork: the common ones and its activation. */
function scalarFields(net: BrainNet): Fields<ScalarOptions> {
  const brain = net.trainOpts;
  return {
    ...commonFields(brain),
    activation: { default: brain.activation as Activation, check: oneOf<Activation>(...ACTIVATIONS) },
    leakyReluAlpha: { default: brain.leakyReluAlpha, check: openUnitInterval },
  };
}

/** brain.js's own rule: sgd with its learningRate and momentum, or adam under `praxis: "adam"`. */
function brainRule(net: BrainNet, options: TrainOptions): RuleConfig {
  const pick = <K extends (typeof BRAIN_RULE_OPTIONS)[number]>(key: K) => options[key] ?? net.trainOpts[key];
  const praxis = pick('praxis');
  if (praxis !== undefined && praxis !== 'adam') throw new DescentError('options.praxis', praxis, '"adam", or undefined for sgd');
  if (praxis === 'adam') return { type: 'adam', learningRate: pick('learningRate'), beta1: pick('beta1'), beta2: pick('beta2'), epsilon: pick('epsilon') };
  return { type: 'sgd', learningRate: pick('learningRate'), momentum: pick('momentum') };
}

function firstOrder(rule: RuleConfig, options: TrainOptions): UpdateConfig {
  const config: OptimizerConfig = { rule: rule as OptimizerConfig['rule'] };
  for (const key of ['schedule', 'transforms', 'average', 'groups', 'lookahead'] as const) if (options[key] !== undefined) Object.assign(config, { [key]: options[key] });
  return { kind: 'first-order', config };
}

function resolveUpdate(profile: OptionProfile<unknown>, options: TrainOptions): UpdateConfig {
  if (options.optimizer === undefined) return firstOrder(profile.brainRule(options), options);
  const given = profile.brainRuleOptions.find((key) => (options as Record<string, unknown>)[key] !== undefined);
  if (given !== undefined) {
    throw new DescentError(`options.${given}`, (options as Record<string, unknown>)[given], `no ${given} beside optimizer (set it inside optimizer, e.g. optimizer: { type: "sgd", ${given === 'praxis' ? 'momentum: 0.9' : `${given}: …`} })`);
  }
  const rule: unknown = options.optimizer;
  if (!isPlainObject(rule)) throw new DescentError('options.optimizer', rule, 'a rule config such as { type: "adam", learningRate: 1e-3 }');
  if (options.optimizer.type === 'lbfgs') {
    const extra = (['schedule', 'transforms', 'average', 'groups', 'lookahead', 'sam', 'batchSize', 'dropout', 'inputDropout'] as const).find(
      (key) => options[key] !== undefined && !(key.endsWith('ropout') && isZeroRate(options[key])),
    );
    if (extra !== undefined) throw new DescentError(`options.${extra}`, options[extra], `no ${extra} with lbfgs (it steps on the full batch's deterministic loss)`);
    if (options.augment !== undefined) {
      throw new DescentError('options.augment', options.augment, 'no augment with lbfgs: each L-BFGS step compares several evaluations of one deterministic full-batch loss (line search, curvature pairs), and random augmentation would change the loss between them; use a first-order optimizer');
    }
    return { kind: 'lbfgs', config: options.optimizer as LbfgsConfig };
  }
  return firstOrder(options.optimizer, options);
}

function isZeroRate(value: unknown): boolean {
  return value === 0 || (Array.isArray(value) && value.every((v) => v === 0));
}

function resolveDropout(value: unknown): number | readonly number[] {
  if (value === undefined) return 0;
  if (Array.isArray(value)) return Object.freeze(value.map((r, i) => checkDropoutRate(r, `options.dropout[${i}]`)));
  if (typeof value !== 'number') throw new DescentError('options.dropout', value, 'a dropout rate in [0, 1), or an array of one rate per hidden layer');
  return checkDropoutRate(value, 'options.dropout');
}

function resolveFrozen(value: unknown): readonly number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DescentError('options.frozenLayers', value, 'an array of layer indices (1 … outputLayer)');
  value.forEach((layer, i) => {
    if (!Number.isInteger(layer)) throw new DescentError(`options.frozenLayers[${i}]`, layer, 'a layer index, an integer (1 … outputLayer)');
  });
  return Object.freeze([...new Set(value as number[])]);
}

const validationFields: Fields<Omit<Required<ValidationOptions>, 'data'>> = {
  patience: { default: Infinity, check: { allowed: 'an integer ≥ 1 (epochs), or Infinity', test: (v): v is number => epochs.test(v) } },
  minDelta: { default: 0, check: nonNegative },
  restoreBestWeights: { default: true, check: boolean },
};

function resolveValidation(value: unknown): Required<ValidationOptions> | null {
  if (value === undefined) return null;
  if (!isPlainObject(value)) throw new DescentError('options.validation', value, 'an object { data, patience?, minDelta?, restoreBestWeights? }');
  const rest = resolveFields('options.validation', validationFields, value, ['data']);
  if (!Array.isArray(value.data)) throw new DescentError('options.validation.data', value.data, 'a non-empty array of { input, output } samples');
  return { data: value.data as Datum[], ...rest };
}

/** What a net kind brings to option resolution: its scalar fields, brain.js's own rule and the options it takes. */
export interface OptionProfile<S> {
  readonly fields: Fields<S>;
  /** brain.js's own rule (used when `optimizer` is not given) from the options, and the option names it reads. */
  readonly brainRule: (options: TrainOptions) => RuleConfig;
  readonly brainRuleOptions: readonly string[];
  /** The structured (non-scalar) options this kind takes. */
  readonly structured: readonly string[];
}

/** Options every net kind resolves alike, beside its scalars. */
export type SharedResolved<S> = Omit<S, 'log'> &
  Pick<ResolvedOptions, 'update' | 'useAverage' | 'sam' | 'dropout' | 'frozenLayers' | 'augment' | 'validation' | 'log' | 'callback' | 'progress'>;

/**
 * Checks every option against a net kind's profile and fills in the defaults. An unknown
 * option, a bad value or a conflict (brain.js's learningRate beside an `optimizer`) throws
 * a DescentError naming it. Rule, schedule, transform, averaging and group configs are
 * checked by the core when the optimizer is built.
 */
export function resolveWith<S extends { log: boolean | ((progress: TrainingProgress) => void) }>(profile: OptionProfile<S>, options: TrainOptions): SharedResolved<S> {
  if (!isPlainObject(options)) throw new DescentError('options', options, 'an object of training options');
  const known = [...Object.keys(profile.fields), ...profile.structured];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new DescentError(`options.${key}`, (options as Record<string, unknown>)[key], `one of the known options (${known.join(', ')}): "${key}" is not one`);
  }
  const scalars = resolveFields('options', profile.fields, options, [...profile.structured]);
  const update = resolveUpdate(profile, options);
  const averaged = options.average !== undefined || (update.kind === 'first-order' && keepsOwnAverage(update.config.rule.type));
  const useAverage = options.useAverage ?? averaged;
  if (!boolean.test(useAverage)) throw new DescentError('options.useAverage', useAverage, boolean.allowed);
  if (useAverage && !averaged) throw new DescentError('options.useAverage', true, 'false unless average is set or the rule keeps its own (asgd)');
  const log = scalars.log === true ? logToConsole : scalars.log === false ? null : scalars.log;
  return {
    ...scalars,
    update,
    useAverage,
    sam: options.sam === undefined ? null : resolveSam(options.sam, 'options.sam'),
    dropout: resolveDropout(options.dropout),
    frozenLayers: resolveFrozen(options.frozenLayers),
    augment: resolveAugment(options.augment),
    validation: resolveValidation(options.validation),
    log,
    callback: optionalFunction<NonNullable<ResolvedOptions['callback']>>('callback', options.callback),
    progress: optionalFunction<NonNullable<ResolvedOptions['progress']>>('progress', options.progress),
  };
}

/** True when the rule evaluates at a point of its own (ASGD's average, schedule-free's x). */
function keepsOwnAverage(type: string): boolean {
  const registry: Readonly<Record<string, AnyRuleDefinition>> = rules;
  return registry[type]?.evaluationPoint !== undefined;
}

/**
 * Checks every option of a NeuralNetwork and fills in the defaults: brain.js's names from
 * the net's trainOpts, descent's from the core (see `resolveWith`).
 */
export function resolveOptions(net: BrainNet, options: TrainOptions): ResolvedOptions {
  return resolveWith({ fields: scalarFields(net), brainRule: (given) => brainRule(net, given), brainRuleOptions: BRAIN_RULE_OPTIONS, structured: STRUCTURED_OPTIONS }, options);
}

function optionalFunction<F>(name: string, value: unknown): F | null {
  if (value !== undefined && typeof value !== 'function') throw new DescentError(`options.${name}`, value, 'a function, or undefined');
  return (value as F | undefined) ?? null;
}

/** brain.js's log line, with the validation error when there is one. */
function logToConsole(progress: TrainingProgress): void {
  const validation = progress.validationError === null ? '' : `, validation error: ${progress.validationError}`;
  console.log(`iterations: ${progress.iterations}, training error: ${progress.error}${validation}`);
}
