/**
 * `train`: tf.train's factories with tf.train's positional signatures, defaults and ε
 * placement, built on descent's rules. Switching is one import line
 * (`import { train } from '@descent/tfjs'`) and gives tf.train's numbers; every descent
 * option (schedule, transforms, average, groups, execution, the rule's other fields) comes
 * on top as a last `options` argument. The differences from descent's own factories are
 * tabled in docs/guides/13-coming-from-tf-train.md.
 */
import * as tf from '@tensorflow/tfjs';
import { DescentError, isPlainObject, type FirstOrderRuleType, type RuleConfigOf } from '@descent/core';
import type { RuleOptions } from './options';
import { DescentAdadelta, DescentAdagrad, DescentAdam, DescentAdamax, DescentRMSprop, DescentSGD } from './optimizer/rules.generated';

/** The descent options of rule `R` that may come on top of a tf.train signature: all but its positional fields `P`. */
export type TrainOptions<R extends FirstOrderRuleType, P extends string> = Omit<RuleOptions<RuleConfigOf<R>>, P>;

/** ε as tf.train resolves it: the given value, or the active backend's epsilon (1e-7 in float32) when null. */
function backendEpsilon(epsilon: number | null | undefined): number {
  return epsilon ?? tf.backend().epsilon();
}

/** An argument tf.train requires (it has no default there). */
function required(where: string, value: number): number {
  if (value === undefined) throw new DescentError(where, value, 'a number (tf.train has no default for it)');
  return value;
}

/**
 * The options of a factory: the positional fields, then the extra options, which must not
 * repeat a positional field (checked before anything is built).
 */
function withOptions<P extends object, O extends object>(where: string, positional: P, options: O): P & O {
  if (!isPlainObject(options)) throw new DescentError(`${where} options`, options, 'an options object such as { schedule: … }');
  for (const name of Object.keys(positional)) {
    if (name in options) throw new DescentError(`${where} options.${name}`, options[name], `nothing: ${name} is a positional argument of ${where}`);
  }
  return { ...positional, ...options };
}

/** tf.train.sgd(learningRate): plain gradient descent. */
export function sgd(learningRate: number, options: TrainOptions<'sgd', 'learningRate'> = {}): DescentSGD {
  return new DescentSGD(withOptions('train.sgd', { learningRate: required('train.sgd learningRate', learningRate) }, options));
}

/**
 * tf.train.momentum(learningRate, momentum, useNesterov = false): descent's sgd with
 * momentum (dampening 0), whose first step starts the buffer at the gradient as tf.train's
 * zero-initialised accumulator does.
 */
export function momentum(learningRate: number, momentum: number, useNesterov = false, options: TrainOptions<'sgd', 'learningRate' | 'momentum' | 'nesterov'> = {}): DescentSGD {
  const rho = required('train.momentum momentum', momentum);
  // With momentum 0, tf.train's Nesterov step g + 0·b is plain SGD, which descent spells nesterov: false.
  const positional = { learningRate: required('train.momentum learningRate', learningRate), momentum: rho, nesterov: useNesterov && rho > 0 };
  return new DescentSGD(withOptions('train.momentum', positional, options));
}

/** tf.train.adagrad(learningRate, initialAccumulatorValue = 0.1): ε is the backend's, inside the square root. */
export function adagrad(learningRate: number, initialAccumulatorValue = 0.1, options: TrainOptions<'adagrad', 'learningRate' | 'initialAccumulatorValue' | 'epsilon' | 'formula'> = {}): DescentAdagrad {
  const positional = {
    learningRate: required('train.adagrad learningRate', learningRate),
    initialAccumulatorValue,
    epsilon: backendEpsilon(null),
    formula: 'tfjs' as const,
  };
  return new DescentAdagrad(withOptions('train.adagrad', positional, options));
}

/**
 * tf.train.adadelta(learningRate = 0.001, rho = 0.95, epsilon = backend's): the step divides
 * by the squared-gradient average of the previous step, as tf.train's does.
 */
export function adadelta(
  learningRate = 0.001,
  rho = 0.95,
  epsilon: number | null = null,
  options: TrainOptions<'adadelta', 'learningRate' | 'rho' | 'epsilon' | 'formula'> = {},
): DescentAdadelta {
  const positional = { learningRate, rho, epsilon: backendEpsilon(epsilon), formula: 'tfjs' as const };
  return new DescentAdadelta(withOptions('train.adadelta', positional, options));
}

/** tf.train.adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = backend's). */
export function adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null, options: TrainOptions<'adam', 'learningRate' | 'beta1' | 'beta2' | 'epsilon'> = {}): DescentAdam {
  return new DescentAdam(withOptions('train.adam', { learningRate, beta1, beta2, epsilon: backendEpsilon(epsilon) }, options));
}

/**
 * tf.train.adamax(learningRate = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon = backend's,
 * decay = 0): ε added to the infinity norm after the maximum; `decay` is descent's lrDecay.
 */
export function adamax(
  learningRate = 0.002,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon: number | null = null,
  decay = 0,
  options: TrainOptions<'adamax', 'learningRate' | 'beta1' | 'beta2' | 'epsilon' | 'lrDecay' | 'formula'> = {},
): DescentAdamax {
  const positional = { learningRate, beta1, beta2, epsilon: backendEpsilon(epsilon), lrDecay: decay, formula: 'tfjs' as const };
  return new DescentAdamax(withOptions('train.adamax', positional, options));
}

/**
 * tf.train.rmsprop(learningRate, decay = 0.9, momentum = 0, epsilon = backend's,
 * centered = false): ε inside the square root (subtracted there when centered, as
 * tf.train computes it).
 */
export function rmsprop(
  learningRate: number,
  decay = 0.9,
  momentum = 0,
  epsilon: number | null = null,
  centered = false,
  options: TrainOptions<'rmsprop', 'learningRate' | 'decay' | 'momentum' | 'epsilon' | 'centered' | 'formula'> = {},
): DescentRMSprop {
  const positional = {
    learningRate: required('train.rmsprop learningRate', learningRate),
    decay,
    momentum,
    epsilon: backendEpsilon(epsilon),
    centered,
    formula: 'tfjs' as const,
  };
  return new DescentRMSprop(withOptions('train.rmsprop', positional, options));
}
