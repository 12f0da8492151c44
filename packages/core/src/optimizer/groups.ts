import { DescentError } from '../errors';
import { boolean, isPlainObject, mergeFields, nonNegative, resolveFields, type Fields } from '../fields';
import { compilePattern } from './pattern';
import { fieldsOf, type ResolvedRule, type RuleOverrides } from '../rules';

/**
 * Options for a group of tensors, like a torch param group or an optax mask: the first
 * group whose `names` or `pattern` matches a tensor's name applies to it. Any field of
 * the rule can be overridden (e.g. `weightDecay: 0` on biases).
 */
export interface TensorGroupConfig extends RuleOverrides {
  /** Exact tensor names in this group. */
  names?: string[];
  /**
   * A regular expression (source text, no flags) tested against tensor names, matched in
   * time linear in the name (see compilePattern: no backreferences or lookaround).
   */
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
    let matchesPattern: ((name: string) => boolean) | null = null;
    if (pattern !== undefined) {
      if (typeof pattern !== 'string') throw new DescentError(`${where}.pattern`, pattern, 'a regular expression as a string');
      matchesPattern = compilePattern(pattern, `${where}.pattern`);
    }
    const options = resolveFields<GroupOptions>(where, groupFields, { learningRateMultiplier, regularize }, []);
    checkOverrides(where, rule, overrides);
    const listed = new Set(names ?? []);
    return {
      matches: (name: string) => listed.has(name) || (matchesPattern !== null && matchesPattern(name)),
      options,
      overrides,
    };
  });
}

/** Checks that overrides are valid fields of the rule and that the merged hyperparameters pass its checks. */
export function checkOverrides(where: string, rule: ResolvedRule, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged = mergeFields(where, fieldsOf(rule.definition), rule.hyperparameters, overrides);
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
