import { nonNegative } from '../fields';
import { decayField, epsilonField, formulaField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/**
 * torch.optim.Adamax: `u ← max(β2·u, |g| + ε)`, `p ← p − clr/(1 − β1^t)·m/u` with
 * `clr = lr/(1 + (t − 1)·lrDecay)` (tf.train.adamax's `decay`); `formula: "tfjs"`
 * keeps `u ← max(β2·u, |g|)` and divides by `u + ε` as tf.train.adamax does.
 */
export const adamax = defineRule({
  type: 'adamax',
  summary: 'Adamax: Adam with the infinity norm (torch.optim.Adamax).',
  fields: {
    learningRate: learningRateField(2e-3),
    beta1: decayField(0.9, 'Decay of the first moment.'),
    beta2: decayField(0.999, 'Decay of the infinity norm.'),
    epsilon: epsilonField(1e-8, 'Added to |g| before the maximum (torch), or to the norm after it (tfjs).'),
    weightDecay: weightDecayField('coupled'),
    lrDecay: { default: 0, check: nonNegative, doc: "Decay of the step size: lr / (1 + (t − 1)·lrDecay) (tf.train.adamax's decay)." },
    formula: formulaField('"torch": u ← max(β2·u, |g| + ε), divide by u; "tfjs": u ← max(β2·u, |g|), divide by u + ε.'),
  },
  weightDecay: 'coupled',
  slots: () => ['m' as const, 'u' as const],
  nonNegativeSlots: ['u'],
  coefficients: (h, { t, lr }) => ({
    beta1: h.beta1,
    oneMinusBeta1: 1 - h.beta1,
    beta2: h.beta2,
    stepSize: lr / (1 + (t - 1) * h.lrDecay) / (1 - h.beta1 ** t),
    epsilon: h.epsilon,
  }),
  update({ param, grad, slots, c }, h) {
    const m = movingAverage(slots.m, grad, c.beta1, c.oneMinusBeta1);
    if (h.formula === 'tfjs') {
      const u = slots.u.mul(c.beta2).max(grad.abs());
      return { param: param.sub(c.stepSize.mul(m).div(u.add(c.epsilon))), slots: { m, u } };
    }
    const u = slots.u.mul(c.beta2).max(grad.abs().add(c.epsilon));
    return { param: param.sub(c.stepSize.mul(m).div(u)), slots: { m, u } };
  },
});

/** `{ type: "adamax" }`: Adamax. */
export type AdamaxConfig = ConfigOf<typeof adamax>;
/** The resolved hyperparameters of adamax. */
export type AdamaxHyperparameters = HyperparametersOf<typeof adamax>;
