import {
  DescentError,
  isPlainObject,
  ruleTypes,
  type AdadeltaConfig,
  type AdagradConfig,
  type AdamaxConfig,
  type AdamConfig,
  type AdamWConfig,
  type FirstOrderRuleConfig,
  type LionConfig,
  type NadamConfig,
  type RadamConfig,
  type RmspropConfig,
  type SgdConfig,
} from '@descent/core';
import type { DescentOptions, RuleOptions } from '../options';
import type { DescentOptimizer } from './descent-optimizer';
import {
  DescentAdadelta,
  DescentAdagrad,
  DescentAdam,
  DescentAdamax,
  DescentAdamW,
  DescentLion,
  DescentNadam,
  DescentRadam,
  DescentRMSprop,
  DescentSGD,
  optimizerClasses,
} from './optimizers';

/** `sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })`: SGD, momentum and Nesterov (spec defaults). */
export const sgd = (options?: RuleOptions<SgdConfig>): DescentSGD => new DescentSGD(options);
/** `adagrad({ learningRate: 0.01 })`. */
export const adagrad = (options?: RuleOptions<AdagradConfig>): DescentAdagrad => new DescentAdagrad(options);
/** `rmsprop({ learningRate: 0.01, decay: 0.99, centered: true })`. */
export const rmsprop = (options?: RuleOptions<RmspropConfig>): DescentRMSprop => new DescentRMSprop(options);
/** `adam({ learningRate: 1e-3, amsgrad: true })`. */
export const adam = (options?: RuleOptions<AdamConfig>): DescentAdam => new DescentAdam(options);
/** `adamw({ learningRate: 1e-3, weightDecay: 0.01 })`. */
export const adamw = (options?: RuleOptions<AdamWConfig>): DescentAdamW => new DescentAdamW(options);
/** `adamax({ learningRate: 2e-3 })`. */
export const adamax = (options?: RuleOptions<AdamaxConfig>): DescentAdamax => new DescentAdamax(options);
/** `nadam({ learningRate: 2e-3 })`. */
export const nadam = (options?: RuleOptions<NadamConfig>): DescentNadam => new DescentNadam(options);
/** `radam({ learningRate: 1e-3 })`. */
export const radam = (options?: RuleOptions<RadamConfig>): DescentRadam => new DescentRadam(options);
/** `adadelta({ learningRate: 1, rho: 0.9 })`. */
export const adadelta = (options?: RuleOptions<AdadeltaConfig>): DescentAdadelta => new DescentAdadelta(options);
/** `lion({ learningRate: 1e-4, weightDecay: 0.1 })`. */
export const lion = (options?: RuleOptions<LionConfig>): DescentLion => new DescentLion(options);

/**
 * The optimizer of any spec rule config, e.g. `createDescentOptimizer({ type: 'adam', learningRate: 0.01 }, { schedule })`:
 * for configs that arrive as data.
 */
export function createDescentOptimizer(rule: FirstOrderRuleConfig, options: DescentOptions = {}): DescentOptimizer {
  if (!isPlainObject(rule)) throw new DescentError('rule', rule, 'a rule config such as { type: "adam" }');
  const type = rule.type;
  if (!ruleTypes.includes(type)) throw new DescentError('rule.type', type, `one of ${ruleTypes.map((t) => `"${t}"`).join(', ')}`);
  const { type: _type, ...hyperparameters } = rule;
  return new optimizerClasses[type]({ ...hyperparameters, ...options } as never);
}
