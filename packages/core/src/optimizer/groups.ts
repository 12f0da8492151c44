import { DescentError } from '../errors';
import { boolean, isPlainObject, mergeFields, nonNegative, resolveFields, type Fields } from '../fields';
import type { ResolvedRule } from '../rules';

/**
 * Any rule field, as a per-tensor override: the fields of every first-order rule's config
 * (without `type`), each optional. Which ones apply, and their ranges, depend on the rule.
 */
export interface RuleOverrides {
  /** Step size (adadelta: scale of the step). */
  learningRate?: number;
  /** sgd and rmsprop: momentum coefficient in [0, 1). */
  momentum?: number;
  /** sgd: dampening of the gradient added to the momentum buffer, in [0, 1]. */
  dampening?: number;
  /** sgd: Nesterov momentum; needs momentum > 0 and dampening 0. */
  nesterov?: boolean;
  /** Weight decay: coupled L2 (g ← g + weightDecay·p) for most rules, decoupled for adamw and lion. */
  weightDecay?: number;
  /** adagrad: decay of the step size, lr / (1 + (t − 1)·lrDecay). */
  lrDecay?: number;
  /** adagrad: starting value of the squared-gradient sum. */
  initialAccumulatorValue?: number;
  /** Added to the denominator (adamax: to |g| before the maximum; adadelta: inside both square roots). */
  epsilon?: number;
  /** rmsprop: decay of the squared-gradient average (torch's alpha), in [0, 1). */
  decay?: number;
  /** rmsprop: subtract the squared mean gradient from the second moment. */
  centered?: boolean;
  /** Adam family: decay of the first moment, in [0, 1) (lion: interpolation between momentum and gradient). */
  beta1?: number;
  /** Adam family: decay of the second moment, in [0, 1) (adamax: of the infinity norm; lion: of the momentum). */
  beta2?: number;
  /** adam and adamw: use the running maximum of the second moment (AMSGrad). */
  amsgrad?: boolean;
  /** adam and adamw: divide the moments by 1 − β^t; false gives the lecture's "vanilla" Adam. */
  biasCorrection?: boolean;
  /** nadam: ψ in μ_t = β1·(1 − ½·0.96^(t·ψ)). */
  momentumDecay?: number;
  /** adadelta: decay of both running averages, in [0, 1). */
  rho?: number;
}

/**
 * Options for a group of tensors, like a torch param group or an optax mask: the first
 * group whose `names` or `pattern` matches a tensor's name applies to it. Any field of
 * the rule can be overridden (e.g. `weightDecay: 0` on biases).
 */
export interface TensorGroupConfig extends RuleOverrides {
  /** Exact tensor names in this group. */
  names?: string[];
  /** A regular expression (source text) tested against tensor names. */
  pattern?: string;
  /** Multiplies the scheduled learning rate for these tensors (layer-wise rates). Default 1. */
  learningRateMultiplier?: number;
  /** false excludes these tensors from the l1 and l2 transforms. Default true. */
  regularize?: boolean;
}

/** The options a tensor ends up with. */
export interface TensorOptions {
  /** The rule hyperparameters for this tensor. */
  readonly hyperparameters: Record<string, unknown>;
  readonly learningRateMultiplier: number;
  readonly regularize: boolean;
}

interface GroupOptions {
  learningRateMultiplier: number;
  regularize: boolean;
}

const groupFields: Fields<GroupOptions> = {
  learningRateMultiplier: { default: 1, check: nonNegative },
  regularize: { default: true, check: boolean },
};

const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A validated group: its matcher, its own options and its rule overrides. */
export interface ResolvedGroup {
  readonly matches: (name: string) => boolean;
  readonly options: GroupOptions;
  readonly overrides: Record<string, unknown>;
}

/** Validates tensor groups against a rule (every override checked, cross-field rules included). */
export function resolveGroups(configs: unknown, rule: ResolvedRule): ResolvedGroup[] {
  if (configs === undefined) return [];
  if (!Array.isArray(configs)) throw new DescentError('groups', configs, 'an array of tensor group configs');
  return configs.map((config, i) => {
    const where = `groups[${i}]`;
    if (!isPlainObject(config)) throw new DescentError(where, config, 'a tensor group config such as { pattern: "bias", weightDecay: 0 }');
    const { names, pattern, learningRateMultiplier, regularize, ...overrides } = config;
    if (names === undefined && pattern === undefined) {
      throw new DescentError(`${where}.names`, undefined, 'names or pattern (a group must say which tensors it covers)');
    }
    if (names !== undefined && !stringList(names)) throw new DescentError(`${where}.names`, names, 'an array of tensor names');
    let regex: RegExp | null = null;
    if (pattern !== undefined) {
      if (typeof pattern !== 'string') throw new DescentError(`${where}.pattern`, pattern, 'a regular expression as a string');
      try {
        regex = new RegExp(pattern);
      } catch (error) {
        throw new DescentError(`${where}.pattern`, pattern, `a valid regular expression (${(error as Error).message})`);
      }
    }
    const options = resolveFields<GroupOptions>(where, groupFields, { learningRateMultiplier, regularize }, []);
    checkOverrides(where, rule, overrides);
    const listed = new Set(names ?? []);
    return {
      matches: (name: string) => listed.has(name) || (regex !== null && regex.test(name)),
      options,
      overrides,
    };
  });
}

/** Checks that overrides are valid fields of the rule and that the merged hyperparameters pass its checks. */
export function checkOverrides(where: string, rule: ResolvedRule, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged = mergeFields(where, rule.definition.fields as Fields<Record<string, unknown>>, rule.hyperparameters, overrides);
  rule.definition.refine?.(merged, where);
  return merged;
}

/** The options of the tensor called `name`: its first matching group's, or the rule's own. */
export function optionsFor(name: string, rule: ResolvedRule, groups: readonly ResolvedGroup[]): TensorOptions {
  const group = groups.find((g) => g.matches(name));
  if (group === undefined) return { hyperparameters: rule.hyperparameters, learningRateMultiplier: 1, regularize: true };
  return {
    hyperparameters: { ...rule.hyperparameters, ...group.overrides },
    learningRateMultiplier: group.options.learningRateMultiplier,
    regularize: group.options.regularize,
  };
}
