import {
  assertOptimizerConfig,
  DescentError,
  isPlainObject,
  type AverageConfig,
  type LookaheadConfig,
  type ResolvedSam,
  type SamConfig,
  resolveSam,
  type FirstOrderRuleType,
  type OptimizerConfig,
  type ScheduleConfig,
  type TensorGroupConfig,
  type TransformConfig,
} from '@descent/core';

/**
 * Where the element-wise work of a step runs. "auto": the fused Float32Array kernels when
 * the variables live in JS-visible memory (the cpu and wasm backends), the rule's printed
 * WebGL or WebGPU programs on those backends, tf ops otherwise (tfjs-node); "fused" and
 * "gpu" insist on theirs; "ops" always uses tf ops.
 */
export type Execution = 'auto' | 'fused' | 'gpu' | 'ops';

/** The options every descent optimizer takes beside its rule's hyperparameters (Keras style). */
export interface DescentOptions {
  /** The learning-rate schedule. Default: constant. */
  schedule?: ScheduleConfig;
  /** Gradient transforms (clipping, l1/l2, skipNonFinite, accumulate), applied in order before the rule. */
  transforms?: TransformConfig[];
  /** Parameter averaging (ema or polyak) kept beside the weights, for evaluation. */
  average?: AverageConfig;
  /** Lookahead around the rule: `{ k: 5, alpha: 0.5 }` (slow weights synchronised every k steps). */
  lookahead?: LookaheadConfig;
  /** Sharpness-aware minimization: `{ rho: 0.05 }`; `minimize` (and so `fit`) evaluates the loss twice per step. */
  sam?: SamConfig;
  /**
   * Per-variable options, matched on variable names (the first matching group applies):
   * e.g. `{ pattern: '/bias$', weightDecay: 0 }` or `{ pattern: '^dense_1/', learningRateMultiplier: 0.1 }`.
   */
  groups?: TensorGroupConfig[];
  /** Where the element-wise work runs. Default "auto". */
  execution?: Execution;
}

/** The options of a rule: its hyperparameters (all optional, core defaults) plus the descent options. */
export type RuleOptions<C extends { type: FirstOrderRuleType }> = Partial<Omit<C, 'type'>> & DescentOptions;

const EXECUTIONS: readonly Execution[] = ['auto', 'fused', 'gpu', 'ops'];

/** True for one of the Execution names. */
function isExecution(value: unknown): value is Execution {
  return EXECUTIONS.some((e) => e === value);
}

/** A user's options split into the core's optimizer config and the execution choice. */
export interface SplitOptions {
  readonly config: OptimizerConfig;
  readonly execution: Execution;
  /** The SAM config, or null without `sam`. */
  readonly sam: ResolvedSam | null;
}

/**
 * Separates the rule's hyperparameters from the descent options; the argument's shape is
 * checked here, and every field by the core (assertOptimizerConfig), all before any step.
 */
export function splitOptions(type: FirstOrderRuleType, options: unknown = {}): SplitOptions {
  if (!isPlainObject(options)) throw new DescentError(type, options, `an options object such as { learningRate: 0.01 }`);
  if ('type' in options && options.type !== type) {
    throw new DescentError(`${type}.type`, options.type, `"${type}" or nothing (this optimizer's rule)`);
  }
  const { schedule, transforms, average, groups, lookahead, sam, execution = 'auto', type: _type, ...hyperparameters } = options;
  if (!isExecution(execution)) throw new DescentError(`${type}.execution`, execution, `one of ${EXECUTIONS.map((e) => `"${e}"`).join(', ')}`);
  const config: Record<string, unknown> = { rule: { type, ...hyperparameters } };
  if (schedule !== undefined) config.schedule = schedule;
  if (transforms !== undefined) config.transforms = transforms;
  if (average !== undefined) config.average = average;
  if (lookahead !== undefined) config.lookahead = lookahead;
  if (groups !== undefined) config.groups = unwrapGroupNames(groups);
  assertOptimizerConfig(config);
  return { config, execution, sam: sam === undefined ? null : resolveSam(sam, `${type}.sam`) };
}

/**
 * tfjs-layers camel-cases every string of a saved training config ("dense_1/bias" would
 * come back as "dense1/bias") except values under a `name` key. So group names and
 * patterns are saved as `{ name: "…" }` and unwrapped here; plain strings pass unchanged.
 */
export function wrapGroupNames(groups: readonly TensorGroupConfig[]): Record<string, unknown>[] {
  return groups.map((group) => {
    const wrapped: Record<string, unknown> = { ...group };
    if (group.names !== undefined) wrapped.names = group.names.map((name) => ({ name }));
    if (group.pattern !== undefined) wrapped.pattern = { name: group.pattern };
    return wrapped;
  });
}

function unwrap(value: unknown): unknown {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.name === 'string' ? value.name : value;
}

function unwrapGroupNames(groups: unknown): unknown {
  if (!Array.isArray(groups)) return groups;
  return groups.map((group) => {
    if (!isPlainObject(group)) return group;
    const plain: Record<string, unknown> = { ...group };
    if (Array.isArray(group.names)) plain.names = group.names.map(unwrap);
    if (group.pattern !== undefined) plain.pattern = unwrap(group.pattern);
    return plain;
  });
}
