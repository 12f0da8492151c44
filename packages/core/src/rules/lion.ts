import { decayField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/** Lion: `c = β1·m + (1 − β1)·g`, `p ← p·(1 − lr·wd) − lr·sign(c)`, `m ← β2·m + (1 − β2)·g`. */
export const lion = defineRule({
  type: 'lion',
  summary: 'Lion (Chen et al. 2023): the sign of an interpolated momentum, decoupled weight decay.',
  fields: {
    learningRate: learningRateField(1e-4),
    beta1: decayField(0.9, 'Interpolation between the momentum and the gradient for the step.'),
    beta2: decayField(0.99, 'Decay of the momentum.'),
    weightDecay: weightDecayField('decoupled'),
  },
  weightDecay: 'decoupled',
  slots: () => ['m' as const],
  coefficients: (h, { lr }) => ({ lr, beta1: h.beta1, oneMinusBeta1: 1 - h.beta1, beta2: h.beta2, oneMinusBeta2: 1 - h.beta2 }),
  update({ param, grad, slots, c }) {
    const direction = movingAverage(slots.m, grad, c.beta1, c.oneMinusBeta1).sign();
    return { param: param.sub(c.lr.mul(direction)), slots: { m: movingAverage(slots.m, grad, c.beta2, c.oneMinusBeta2) } };
  },
});

/** `{ type: "lion" }`: Lion. */
export type LionConfig = ConfigOf<typeof lion>;
/** The resolved hyperparameters of lion. */
export type LionHyperparameters = HyperparametersOf<typeof lion>;
