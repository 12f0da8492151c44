import { DescentError } from '../errors';
import { boolean, nonNegative, positive, type Check } from '../fields';
import { select, sum, type Value } from './expression';
import { decayField, epsilonField, learningRateField, movingAverage } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf, type StepInfo } from './rule';

/** beta3: unset (null: √beta2, as the reference) or a number in [0, 1). */
const beta3Check: Check<number | null> = {
  allowed: 'null (√beta2) or a number in [0, 1)',
  test: (v): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1),
};

/** growthRate: a factor ≥ 1, or null (no limit, the reference's inf; JSON has no Infinity, so a saved config reads back); Infinity is taken too. */
const growthCheck: Check<number | null> = {
  allowed: 'a number ≥ 1, or null (no limit)',
  test: (v): v is number | null => v === null || (typeof v === 'number' && !Number.isNaN(v) && v >= 1),
};

/** The decay of the distance sums: beta3, or √beta2 when unset. */
function beta3Of(h: { beta2: number; beta3: number | null }): number {
  return h.beta3 ?? Math.sqrt(h.beta2);
}

/** The step-wide state before and after the step, which the optimizer passes to every tensor's coefficients. */
function estimateOf(step: StepInfo): NonNullable<StepInfo['global']> {
  if (step.global === undefined) throw new DescentError('prodigy step', 'no step-wide estimate', 'a step of an optimizer that advances prodigy\'s d over every tensor');
  return step.global;
}

/** The gradient the rule reads: with coupled L2 decay (decouple: false) it gains weightDecay·p. */
function decayedGradient(param: Value, grad: Value, c: { weightDecay: Value }, h: { weightDecay: number; decouple: boolean }): Value {
  return h.weightDecay !== 0 && !h.decouple ? grad.add(param.mul(c.weightDecay)) : grad;
}

/** The initial point p0: the parameter itself on the tensor's first step, the kept copy after. */
function initialPoint(param: Value, p0: Value, c: { firstStep: Value }): Value {
  return select(c.firstStep.gt(0), param, p0);
}

/**
 * Prodigy (Mishchenko & Defazio 2024, "Prodigy: An Expeditiously Adaptive Parameter-Free
 * Learner"), as the authors' `prodigyopt.Prodigy` (github.com/konstmish/prodigy, commit
 * 3efb213): Adam whose step size is d·lr, with d an estimate of the distance to the
 * solution grown from d0. d is one number for the whole step: every tensor adds
 * `(d/d0)·dlr·⟨g, p0 − p⟩` to its numerator and `Σ|s|` to its denominator, where
 * `s ← β3·s + (d/d0)·dlr·g` (`(d/d0)·d·g` with safeguardWarmup) and dlr = d·lr·(bias
 * correction); then `numerator ← β3·numerator + Σ shares`, `d̂ = dCoef·numerator/Σ|s|`,
 * d rises to d̂ while it is still d0, `dMax = max(dMax, d̂)`, `d ← min(dMax, d·growthRate)`.
 * Each tensor then takes the Adam step with the d before the step:
 * `m ← β1·m + d(1 − β1)·g`, `v ← β2·v + d²(1 − β2)·g²`,
 * `p ← p − weightDecay·dlr·p − dlr·m/(√v + d_new·ε)`. A step before any non-zero gradient
 * (Σ|s| = 0) changes nothing, as the reference returns early.
 */
export const prodigy = defineRule({
  type: 'prodigy',
  summary: "Prodigy: Adam with a step size d·lr that estimates the distance to the solution itself, one d for all tensors (Mishchenko & Defazio; the authors' prodigyopt).",
  fields: {
    learningRate: learningRateField(1, 'Multiplies the estimated step size d; leave at 1 unless training is unstable.'),
    beta1: decayField(0.9, 'Decay of the first moment (0: no first moment, the gradient itself).'),
    beta2: decayField(0.999, 'Decay of the second moment.'),
    beta3: { default: null as number | null, check: beta3Check, doc: 'Decay of the distance sums (numerator and s); null: √beta2.' },
    epsilon: epsilonField(1e-8, 'Added to √v, scaled by d.'),
    weightDecay: { default: 0, check: nonNegative, doc: 'Weight decay: p ← p − weightDecay·dlr·p (decouple), or g ← g + weightDecay·p.' },
    decouple: { default: true, check: boolean, doc: 'AdamW-style decoupled weight decay (true) or L2 through the gradient (false).' },
    useBiasCorrection: { default: false, check: boolean, doc: "Scale dlr by Adam's bias correction √(1 − β2^t)/(1 − β1^t)." },
    safeguardWarmup: { default: false, check: boolean, doc: 'Leave lr out of s (the denominator of d), against trouble in warm-up.' },
    d0: { default: 1e-6, check: positive, doc: 'The initial estimate of d.' },
    dCoef: { default: 1, check: positive, doc: 'Multiplies the estimate d̂ (the preferred knob: 0.5 and 2 work as well).' },
    growthRate: { default: null as number | null, check: growthCheck, doc: 'Bounds the growth of d per step (e.g. 1.02 for a warm-up effect); null (or Infinity): no bound.' },
  },
  slots: (h) => (h.beta1 > 0 ? ['m' as const, 'v' as const, 's' as const, 'p0' as const] : ['v' as const, 's' as const, 'p0' as const]),
  nonNegativeSlots: ['v'],
  coefficients: (h, step) => {
    const { before, after } = estimateOf(step);
    const d = before.d;
    const correction = h.useBiasCorrection ? Math.sqrt(1 - h.beta2 ** step.t) / (1 - h.beta1 ** step.t) : 1;
    const dlr = d * step.lr * correction;
    return {
      firstStep: step.t === 1 ? 1 : 0,
      weightDecay: h.weightDecay,
      beta1: h.beta1,
      firstScale: d * (1 - h.beta1),
      beta2: h.beta2,
      secondScale: d * d * (1 - h.beta2),
      beta3: beta3Of(h),
      sScale: (d / h.d0) * (h.safeguardWarmup ? d : dlr),
      numeratorScale: (d / h.d0) * dlr,
      dlr,
      decayScale: h.weightDecay * dlr,
      gradientScale: dlr * after.d,
      epsilon: after.d * h.epsilon,
    };
  },
  update({ param, grad, slots, c }, h) {
    const g = decayedGradient(param, grad, c, h);
    const v = movingAverage(slots.v, g.square(), c.beta2, c.secondScale);
    const s = movingAverage(slots.s, g, c.beta3, c.sScale);
    const denominator = v.sqrt().add(c.epsilon);
    const m = h.beta1 > 0 ? movingAverage(slots.m, g, c.beta1, c.firstScale) : null;
    const step = m === null ? g.mul(c.gradientScale).div(denominator) : m.mul(c.dlr).div(denominator);
    const decayed = h.weightDecay !== 0 && h.decouple ? param.sub(param.mul(c.decayScale)) : param;
    const p0 = initialPoint(param, slots.p0, c);
    return { param: decayed.sub(step), slots: m === null ? { v, s, p0 } : { m, v, s, p0 } };
  },
  global: {
    initial: (h) => ({ d: h.d0, dMax: h.d0, dNumerator: 0 }),
    check(_h, state, where) {
      for (const name of ['d', 'dMax'] as const) {
        const value = state[name];
        if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new DescentError(`${where}.${name}`, value, 'a finite number > 0');
      }
      if (typeof state.dNumerator !== 'number' || !Number.isFinite(state.dNumerator)) throw new DescentError(`${where}.dNumerator`, state.dNumerator, 'a finite number');
      if ((state.d as number) > (state.dMax as number)) throw new DescentError(`${where}.d`, state.d, `a number ≤ dMax (${String(state.dMax)})`);
    },
    shares({ param, grad, slots, c }, h) {
      const g = decayedGradient(param, grad, c, h);
      const s = movingAverage(slots.s, g, c.beta3, c.sScale);
      const p0 = initialPoint(param, slots.p0, c);
      return { numerator: sum(g.mul(p0.sub(param))).mul(c.numeratorScale), denominator: sum(s.abs()) };
    },
    advance(h, state, totals, lr) {
      const denominator = totals.denominator ?? 0;
      if (denominator === 0) return false;
      if (lr > 0) {
        const numerator = state.dNumerator * beta3Of(h) + (totals.numerator ?? 0);
        const dHat = (h.dCoef * numerator) / denominator;
        const d = state.d === h.d0 ? Math.max(state.d, dHat) : state.d;
        state.dMax = Math.max(state.dMax, dHat);
        state.d = Math.min(state.dMax, d * (h.growthRate ?? Infinity));
        state.dNumerator = numerator;
      }
      return true;
    },
  },
});

/** `{ type: "prodigy" }`: Prodigy. */
export type ProdigyConfig = ConfigOf<typeof prodigy>;
/** The resolved hyperparameters of prodigy. */
export type ProdigyHyperparameters = HyperparametersOf<typeof prodigy>;
