import { resolveFields } from '../fields';
import { lookUpKind } from '../registry';
import { adadelta } from './adadelta';
import { adagrad } from './adagrad';
import { adam, adamw } from './adam';
import { adamax } from './adamax';
import { lion } from './lion';
import { nadam } from './nadam';
import { radam } from './radam';
import { rmsprop } from './rmsprop';
import type { AnyRuleDefinition, ConfigOf, HyperparametersOf, RuleFields } from './rule';
import { sgd } from './sgd';

export * from './rule';
export * from './expression';
export * from './program';
export * from './moments';
export * from './sgd';
export * from './adagrad';
export * from './rmsprop';
export * from './adam';
export * from './adamax';
export * from './nadam';
export * from './radam';
export * from './adadelta';
export * from './lion';

/**
 * Every first-order rule by its `type`, in the order the lecture meets them. This registry
 * is the one list of rules: configs, defaults, the tfjs classes and factories, the brain.js
 * trainer's rules, the docs tables and the conformance generator's defaults come from it.
 */
export const rules = { sgd, adagrad, rmsprop, adam, adamw, adamax, nadam, radam, adadelta, lion } as const;

/** The type names of the first-order rules. */
export type FirstOrderRuleType = keyof typeof rules;

/** The config of any first-order update rule. */
export type FirstOrderRuleConfig = ConfigOf<(typeof rules)[FirstOrderRuleType]>;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Any rule field, as a per-tensor or later override; which ones apply, and their ranges, depend on the rule. */
export type RuleOverrides = Partial<UnionToIntersection<HyperparametersOf<(typeof rules)[FirstOrderRuleType]>>>;

/** The `type` names of every first-order rule. */
export const ruleTypes: readonly FirstOrderRuleType[] = Object.freeze(Object.keys(rules).filter((t): t is FirstOrderRuleType => t in rules));

/** A rule config checked and completed with its defaults. */
export interface ResolvedRule {
  readonly definition: AnyRuleDefinition;
  readonly hyperparameters: Record<string, unknown>;
}

/** The fields of any rule, keyed by name. */
export function fieldsOf(definition: AnyRuleDefinition): RuleFields {
  return definition.fields;
}

/** Validates a rule config (type, every field, cross-field rules) and fills in the defaults. */
export function resolveRule(config: unknown, where = 'rule'): ResolvedRule {
  const hint = (config as { type?: unknown } | null)?.type === 'lbfgs' ? ' (lbfgs needs an objective: use createLbfgs)' : '';
  const registry: Readonly<Record<string, AnyRuleDefinition>> = rules;
  const found = lookUpKind(registry, config, where, '{ type: "adam" }', hint);
  const { definition } = found;
  const name = where === 'rule' ? definition.type : `${where}`;
  const hyperparameters = resolveFields(name, fieldsOf(definition), found.config);
  definition.refine?.(hyperparameters, name);
  return { definition, hyperparameters };
}
