import { DescentError } from '../errors';
import { boolean, nonNegative, positive, type Check } from '../fields';
import { select, sum, type Value } from './expression';
import { decayField, epsilonField, learningRateField, movingAverage } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf, type StepGlobals } from './rule';

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

/** The gradient the rule reads: with coupled L2 decay (decouple: false) it gains weightDecay·p. */
function decayedGradient(param: Value, grad: Value, c: { weightDecay: Value }, h: { weightDecay: number; decouple: boolean }): Value {
  return h.weightDecay !== 0 && !h.decouple ? grad.add(param.mul(c.weightDecay)) : grad;
}

/** The scales of a step from d, the estimate before it: dlr = d·rate and s's (d/d0)·dlr, or (d/d0)·d with safeguardWarmup. */
function distanceScales(global: StepGlobals, c: { rate: Value; d0: Value }, h: { safeguardWarmup: boolean }) {
  const d = global.before.d;
  const dlr = d.mul(c.rate);
  return { d, dlr, sScale: d.div(c.d0).mul(h.safeguardWarmup ? d : dlr) };
}

/** The initial point p0: the parameter itself on the tensor's first step, the kept copy after. */
function initialPoint(param: Value, p0: Value, c: { firstStep: Value }): Value {
  return select(c.firstStep.gt(0), param, p0);
}

/**
 * Prodigy (Mishchenko & Defazio, ICML 2024, "Prodigy: An Expeditiously Adaptive Parameter-Free
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
 * (Σ|s| = 0) leaves the parameters and d, as the reference returns early (it still counts
 * in t); a step at a learning rate of 0 leaves the moments and s too, as the reference
 * skips such a tensor. Not offered: the reference's slice_p and fsdp options.
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
  coefficients: (h, { t, lr }) => ({
    firstStep: t === 1 ? 1 : 0,
    weightDecay: h.weightDecay,
    beta1: h.beta1,
    oneMinusBeta1: 1 - h.beta1,
    beta2: h.beta2,
    oneMinusBeta2: 1 - h.beta2,
    beta3: beta3Of(h),
    // dlr = d·rate: the learning rate with Adam's bias correction when asked for.
    rate: h.useBiasCorrection ? (lr * Math.sqrt(1 - h.beta2 ** t)) / (1 - h.beta1 ** t) : lr,
    d0: h.d0,
    epsilon: h.epsilon,
  }),
  update({ param, grad, slots, c, global }, h) {
    const { d, dlr, sScale } = distanceScales(global, c, h);
    const dNext = global.after.d;
    const g = decayedGradient(param, grad, c, h);
    const v = movingAverage(slots.v, g.square(), c.beta2, d.mul(d).mul(c.oneMinusBeta2));
    const s = movingAverage(slots.s, g, c.beta3, sScale);
    const denominator = v.sqrt().add(dNext.mul(c.epsilon));
    const m = h.beta1 > 0 ? movingAverage(slots.m, g, c.beta1, d.mul(c.oneMinusBeta1)) : null;
    const step = m === null ? g.mul(dlr.mul(dNext)).div(denominator) : m.mul(dlr).div(denominator);
    const decayed = h.weightDecay !== 0 && h.decouple ? param.sub(param.mul(dlr.mul(c.weightDecay))) : param;
    // Before any non-zero gradient (Σ|s| = 0) the reference returns early: the parameters stay.
    const next = select(global.totals.denominator.gt(0), decayed.sub(step), param);
    const p0 = initialPoint(param, slots.p0, c);
    // At a learning rate of 0 the reference skips the tensor: its moments and s stay as they were.
    const kept = (value: Value, old: Value) => select(c.rate.gt(0), value, old);
    const moments = { v: kept(v, slots.v), s: kept(s, slots.s), p0 };
    return { param: next, slots: m === null ? moments : { ...moments, m: kept(m, slots.m) } };
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
    shares({ param, grad, slots, c, global }, h) {
      const { d, dlr, sScale } = distanceScales(global, c, h);
      const g = decayedGradient(param, grad, c, h);
      const s = movingAverage(slots.s, g, c.beta3, sScale);
      const p0 = initialPoint(param, slots.p0, c);
      return { numerator: sum(g.mul(p0.sub(param))).mul(d.div(c.d0).mul(dlr)), denominator: sum(s.abs()) };
    },
    advance({ before, totals }, lr, h) {
      const numerator = before.dNumerator.mul(beta3Of(h)).add(totals.numerator);
      const dHat = numerator.mul(h.dCoef).div(totals.denominator);
      // d only grows (from d0), so "d is still d0" is d ≤ d0.
      const d = select(before.d.le(h.d0), before.d.max(dHat), before.d);
      const dMax = before.dMax.max(dHat);
      const dNext = h.growthRate === null || h.growthRate === Infinity ? dMax : dMax.min(d.mul(h.growthRate));
      // Nothing changes before a non-zero gradient (Σ|s| = 0) or at a learning rate of 0, as in the reference.
      const moves = (next: Value, old: Value) => select(totals.denominator.gt(0), select(lr.gt(0), next, old), old);
      return { d: moves(dNext, before.d), dMax: moves(dMax, before.dMax), dNumerator: moves(numerator, before.dNumerator) };
    },
  },
});

/** `{ type: "prodigy" }`: Prodigy. */
export type ProdigyConfig = ConfigOf<typeof prodigy>;
/** The resolved hyperparameters of prodigy. */
export type ProdigyHyperparameters = HyperparametersOf<typeof prodigy>;
