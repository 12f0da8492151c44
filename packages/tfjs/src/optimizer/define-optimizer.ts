import * as tf from '@tensorflow/tfjs';
import type { FirstOrderRuleType, RuleConfigOf } from '@descent/core';
import type { RuleOptions } from '../options';
import { DescentOptimizer } from './descent-optimizer';

/** A descent optimizer class: `new DescentAdam({ learningRate: 0.01 })`, registered for tfjs serialization. */
export interface DescentOptimizerClass<R extends FirstOrderRuleType = FirstOrderRuleType> {
  new (options?: RuleOptions<RuleConfigOf<R>>): DescentOptimizer<R>;
  /** The name tfjs saves with a model's training config. */
  readonly className: string;
}

/** The class of every rule, by rule type. */
export type OptimizerClasses = { readonly [R in FirstOrderRuleType]: DescentOptimizerClass<R> };

/**
 * Defines the class of one rule, named `className` and registered with tf.serialization
 * under that name (saved models find their optimizer by it).
 */
export function defineOptimizer<R extends FirstOrderRuleType>(type: R, className: string): DescentOptimizerClass<R> {
  class RuleOptimizer extends DescentOptimizer<R> {
    static className = className;
    constructor(options: RuleOptions<RuleConfigOf<R>> = {}) {
      super(type, options);
    }
  }
  Object.defineProperty(RuleOptimizer, 'name', { value: className });
  tf.serialization.registerClass(RuleOptimizer);
  return RuleOptimizer;
}
