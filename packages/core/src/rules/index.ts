import { resolveFields, type Fields } from '../fields';
import { lookUpKind } from '../registry';
import { adadelta, type AdadeltaConfig } from './adadelta';
import { adagrad, type AdagradConfig } from './adagrad';
import { adam, adamw, type AdamConfig, type AdamWConfig } from './adam';
import { adamax, type AdamaxConfig } from './adamax';
import { lion, type LionConfig } from './lion';
import { nadam, type NadamConfig } from './nadam';
import { radam, type RadamConfig } from './radam';
import { rmsprop, type RmspropConfig } from './rmsprop';
import type { AnyRuleDefinition } from './rule';
import { sgd, type SgdConfig } from './sgd';

export type { RuleDefinition, RuleState, StepInfo, AnyRuleDefinition } from './rule';
export * from './sgd';
export * from './adagrad';
export * from './rmsprop';
export * from './adam';
export * from './adamax';
export * from './nadam';
export * from './radam';
export * from './adadelta';
export * from './lion';

/** The config of any first-order update rule. */
export type FirstOrderRuleConfig =
  | SgdConfig
  | AdagradConfig
  | RmspropConfig
  | AdamConfig
  | AdamWConfig
  | AdamaxConfig
  | NadamConfig
  | RadamConfig
  | AdadeltaConfig
  | LionConfig;

/** The type names of the first-order rules, in the order the lecture meets them. */
export type FirstOrderRuleType = FirstOrderRuleConfig['type'];

/** Every first-order rule by its `type`. */
export const rules: Readonly<Record<FirstOrderRuleType, AnyRuleDefinition>> = {
  sgd,
  adagrad,
  rmsprop,
  adam,
  adamw,
  adamax,
  nadam,
  radam,
  adadelta,
  lion,
} as unknown as Record<FirstOrderRuleType, AnyRuleDefinition>;

/** The `type` names of every first-order rule. */
export const ruleTypes = Object.keys(rules) as FirstOrderRuleType[];

/** A rule config checked and completed with its defaults. */
export interface ResolvedRule {
  readonly definition: AnyRuleDefinition;
  readonly hyperparameters: Record<string, unknown>;
}

/** Validates a rule config (type, every field, cross-field rules) and fills in the defaults. */
export function resolveRule(config: unknown, where = 'rule'): ResolvedRule {
  const hint = (config as { type?: unknown } | null)?.type === 'lbfgs' ? ' (lbfgs needs an objective: use createLbfgs)' : '';
  const found = lookUpKind(rules, config, where, '{ type: "adam" }', hint);
  const { definition } = found;
  const name = where === 'rule' ? definition.type : `${where}`;
  const hyperparameters = resolveFields(name, definition.fields as Fields<Record<string, unknown>>, found.config);
  definition.refine?.(hyperparameters, name);
  return { definition, hyperparameters };
}
