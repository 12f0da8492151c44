import { DescentError, isPlainObject, ruleTypes, type FirstOrderRuleType, type RuleConfigOf } from '@descent/core';
import type { DescentOptions } from '../options';
import type { DescentOptimizer } from './descent-optimizer';
import { optimizerClasses } from './rules.generated';

/**
 * The optimizer of any core rule config, e.g. `createDescentOptimizer({ type: 'adam', learningRate: 0.01 }, { schedule })`:
 * for configs that arrive as data.
 */
export function createDescentOptimizer<R extends FirstOrderRuleType>(rule: RuleConfigOf<R>, options: DescentOptions = {}): DescentOptimizer<R> {
  if (!isPlainObject(rule)) throw new DescentError('rule', rule, 'a rule config such as { type: "adam" }');
  const type: R = rule.type;
  if (!ruleTypes.includes(type)) throw new DescentError('rule.type', type, `one of ${ruleTypes.map((t) => `"${t}"`).join(', ')}`);
  const { type: _type, ...hyperparameters } = rule;
  return new optimizerClasses[type]({ ...hyperparameters, ...options });
}
