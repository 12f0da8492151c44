import * as tf from '@tensorflow/tfjs';
import type {
  AdadeltaConfig,
  FirstOrderRuleConfig,
  AdagradConfig,
  AdamaxConfig,
  AdamConfig,
  AdamWConfig,
  LionConfig,
  NadamConfig,
  RadamConfig,
  RmspropConfig,
  SgdConfig,
} from '@descent/core';
import type { RuleOptions } from '../options';
import { DescentOptimizer } from './descent-optimizer';

/** A descent optimizer class: `new DescentAdam({ learningRate: 0.01 })`, registered for tfjs serialization. */
export interface DescentOptimizerClass<C extends FirstOrderRuleConfig> {
  new (options?: RuleOptions<C>): DescentOptimizer;
  /** The name tfjs saves with a model's training config. */
  readonly className: string;
}

/** Defines the class of one rule, named and registered with tf.serialization. */
function defineOptimizer<C extends FirstOrderRuleConfig>(type: C['type'], className: string): DescentOptimizerClass<C> {
  class RuleOptimizer extends DescentOptimizer {
    static className = className;
    constructor(options: RuleOptions<C> = {}) {
      super(type, options);
    }
  }
  Object.defineProperty(RuleOptimizer, 'name', { value: className });
  tf.serialization.registerClass(RuleOptimizer);
  return RuleOptimizer;
}

/** SGD with optional (Nesterov) momentum, dampening and coupled weight decay (torch.optim.SGD). */
export const DescentSGD = defineOptimizer<SgdConfig>('sgd', 'DescentSGD');
/** An instance of DescentSGD. */
export type DescentSGD = DescentOptimizer;

/** AdaGrad (torch.optim.Adagrad). */
export const DescentAdagrad = defineOptimizer<AdagradConfig>('adagrad', 'DescentAdagrad');
/** An instance of DescentAdagrad. */
export type DescentAdagrad = DescentOptimizer;

/** RMSProp, optionally centered and with momentum (torch.optim.RMSprop). */
export const DescentRMSprop = defineOptimizer<RmspropConfig>('rmsprop', 'DescentRMSprop');
/** An instance of DescentRMSprop. */
export type DescentRMSprop = DescentOptimizer;

/** Adam, with AMSGrad and the uncorrected form as flags (torch.optim.Adam). */
export const DescentAdam = defineOptimizer<AdamConfig>('adam', 'DescentAdam');
/** An instance of DescentAdam. */
export type DescentAdam = DescentOptimizer;

/** Adam with decoupled weight decay (torch.optim.AdamW). */
export const DescentAdamW = defineOptimizer<AdamWConfig>('adamw', 'DescentAdamW');
/** An instance of DescentAdamW. */
export type DescentAdamW = DescentOptimizer;

/** Adamax (torch.optim.Adamax). */
export const DescentAdamax = defineOptimizer<AdamaxConfig>('adamax', 'DescentAdamax');
/** An instance of DescentAdamax. */
export type DescentAdamax = DescentOptimizer;

/** NAdam with torch's momentum decay (torch.optim.NAdam, torch ≥ 2.0). */
export const DescentNadam = defineOptimizer<NadamConfig>('nadam', 'DescentNadam');
/** An instance of DescentNadam. */
export type DescentNadam = DescentOptimizer;

/** Rectified Adam (torch.optim.RAdam). */
export const DescentRadam = defineOptimizer<RadamConfig>('radam', 'DescentRadam');
/** An instance of DescentRadam. */
export type DescentRadam = DescentOptimizer;

/** Adadelta (torch.optim.Adadelta). */
export const DescentAdadelta = defineOptimizer<AdadeltaConfig>('adadelta', 'DescentAdadelta');
/** An instance of DescentAdadelta. */
export type DescentAdadelta = DescentOptimizer;

/** Lion (Chen et al. 2023), with decoupled weight decay. */
export const DescentLion = defineOptimizer<LionConfig>('lion', 'DescentLion');
/** An instance of DescentLion. */
export type DescentLion = DescentOptimizer;

/** Every descent optimizer class, by rule type. */
export const optimizerClasses = {
  sgd: DescentSGD,
  adagrad: DescentAdagrad,
  rmsprop: DescentRMSprop,
  adam: DescentAdam,
  adamw: DescentAdamW,
  adamax: DescentAdamax,
  nadam: DescentNadam,
  radam: DescentRadam,
  adadelta: DescentAdadelta,
  lion: DescentLion,
} as const;
