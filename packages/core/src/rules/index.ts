import { resolveFields } from '../fields';
import { lookUpKind } from '../registry';
import { rules } from './registry.generated';
import type { AnyRuleDefinition, ConfigOf, HyperparametersOf, RuleFields } from './rule';

export * from './rule';
export * from './expression';
export * from './program';
export * from './extent';
export * from './moments';
export * from './registry.generated';

/** The type names of the first-order rules. */
export type FirstOrderRuleType = keyof typeof rules;

/** The config of any first-order update rule. */
export type FirstOrderRuleConfig = ConfigOf<(typeof rules)[FirstOrderRuleType]>;

/** The resolved hyperparameters of the registered rule `R`, e.g. `RuleHyperparametersOf<'sgd'>`. */
export type RuleHyperparametersOf<R extends FirstOrderRuleType> = HyperparametersOf<(typeof rules)[R]>;

/** The config of the registered rule `R`: `RuleConfigOf<'adam'>` is `AdamConfig`. */
export type RuleConfigOf<R extends FirstOrderRuleType> = { type: R } & Partial<RuleHyperparametersOf<R>>;

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
