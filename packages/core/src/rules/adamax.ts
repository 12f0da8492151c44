import { decayField, epsilonField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/** torch.optim.Adamax: `u ← max(β2·u, |g| + ε)`, `p ← p − lr/(1 − β1^t)·m/u`. */
export const adamax = defineRule({
  type: 'adamax',
  summary: 'Adamax: Adam with the infinity norm (torch.optim.Adamax).',
  fields: {
    learningRate: learningRateField(2e-3),
    beta1: decayField(0.9, 'Decay of the first moment.'),
    beta2: decayField(0.999, 'Decay of the infinity norm.'),
    epsilon: epsilonField(1e-8, 'Added to |g| before the maximum.'),
    weightDecay: weightDecayField('coupled'),
  },
  weightDecay: 'coupled',
  slots: () => ['m' as const, 'u' as const],
  nonNegativeSlots: ['u'],
  coefficients: (h, { t, lr }) => ({
    beta1: h.beta1,
    oneMinusBeta1: 1 - h.beta1,
    beta2: h.beta2,
    stepSize: lr / (1 - h.beta1 ** t),
    epsilon: h.epsilon,
  }),
  update({ param, grad, slots, c }) {
    const m = movingAverage(slots.m, grad, c.beta1, c.oneMinusBeta1);
    const u = slots.u.mul(c.beta2).max(grad.abs().add(c.epsilon));
    return { param: param.sub(c.stepSize.mul(m).div(u)), slots: { m, u } };
  },
});

/** `{ type: "adamax" }`: Adamax. */
export type AdamaxConfig = ConfigOf<typeof adamax>;
/** The resolved hyperparameters of adamax. */
export type AdamaxHyperparameters = HyperparametersOf<typeof adamax>;
