import type { Field } from '../fields';
import { nonNegative, oneOf, positive, unitInterval } from '../fields';
import type { Value } from './expression';
import type { WeightDecayKind } from './rule';

/**
 * The exponential moving average every adaptive rule keeps: `β·s + (1 − β)·x`. The
 * complement comes in as its own coefficient, computed in float64 on the host (1 − β taken
 * in float32 from a rounded β loses digits: 1 − f32(0.999) is off by 1e-5).
 */
export function movingAverage(s: Value, x: Value, beta: Value, oneMinusBeta: Value): Value {
  return s.mul(beta).add(x.mul(oneMinusBeta));
}

/** A step-size field: a number ≥ 0. */
export function learningRateField(defaultValue: number, doc = 'Step size.'): Field<number> {
  return { default: defaultValue, check: nonNegative, doc };
}

/** A decay-rate field in [0, 1). */
export function decayField(defaultValue: number, doc: string): Field<number> {
  return { default: defaultValue, check: unitInterval, doc };
}

/** The ε added to a denominator: a number > 0. */
export function epsilonField(defaultValue: number, doc = 'Added to the denominator.'): Field<number> {
  return { default: defaultValue, check: positive, doc };
}

/** The `weightDecay` field of a rule whose decay is of the given kind (see WeightDecayKind). */
export function weightDecayField(kind: WeightDecayKind, defaultValue = 0): Field<number> {
  const doc = kind === 'coupled' ? 'Coupled L2 weight decay: g ← g + weightDecay·p.' : 'Decoupled weight decay: p ← p·(1 − lr·weightDecay) before the step.';
  return { default: defaultValue, check: nonNegative, doc };
}

/**
 * Whose formula a rule follows where torch.optim and tf.train differ (mostly where ε sits):
 * "torch" (the default) or "tfjs", which gives tf.train's numbers (see each rule's field doc).
 */
export type Formula = 'torch' | 'tfjs';

/** The `formula` field of a rule that torch.optim and tf.train compute differently; `doc` says how. */
export function formulaField(doc: string): Field<Formula> {
  return { default: 'torch', check: oneOf<Formula>('torch', 'tfjs'), doc };
}
