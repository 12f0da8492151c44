import { nonNegative } from '../fields';
import { decayField, epsilonField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/** The momentum of step t: μ_t = β1·(1 − ½·0.96^(t·ψ)). */
function momentumAt(h: { beta1: number; momentumDecay: number }, t: number): number {
  return h.beta1 * (1 - 0.5 * Math.pow(0.96, t * h.momentumDecay));
}

/**
 * NAdam as in torch ≥ 2.0 (the product Π of the momenta gains μ_t once per step;
 * torch 1.13's single-tensor code multiplies it in twice, a defect fixed upstream).
 */
export const nadam = defineRule({
  type: 'nadam',
  summary: "Adam with Nesterov momentum (Dozat), torch's momentum-decay schedule (torch.optim.NAdam, torch ≥ 2.0).",
  fields: {
    learningRate: learningRateField(2e-3),
    beta1: decayField(0.9, 'Base momentum.'),
    beta2: decayField(0.999, 'Decay of the second moment.'),
    epsilon: epsilonField(1e-8),
    weightDecay: weightDecayField('coupled'),
    momentumDecay: { default: 4e-3, check: nonNegative, doc: 'ψ in μ_t = β1·(1 − ½·0.96^(t·ψ)).' },
  },
  weightDecay: 'coupled',
  slots: () => ['m' as const, 'v' as const],
  nonNegativeSlots: ['v'],
  initialScalars: () => ({ muProduct: 1 }),
  coefficients(h, { t, lr }, scalars) {
    const mu = momentumAt(h, t);
    const muNext = momentumAt(h, t + 1);
    const product = scalars.muProduct * mu;
    scalars.muProduct = product;
    return {
      beta1: h.beta1,
      oneMinusBeta1: 1 - h.beta1,
      beta2: h.beta2,
      oneMinusBeta2: 1 - h.beta2,
      /** lr·(1 − μ_t)/(1 − Π_t): the weight of the current gradient. */
      gradientStep: (lr * (1 - mu)) / (1 - product),
      /** lr·μ_{t+1}/(1 − Π_t·μ_{t+1}): the weight of the first moment. */
      momentStep: (lr * muNext) / (1 - product * muNext),
      denominatorScale: 1 / Math.sqrt(1 - h.beta2 ** t),
      epsilon: h.epsilon,
    };
  },
  update({ param, grad, slots, c }) {
    const m = movingAverage(slots.m, grad, c.beta1, c.oneMinusBeta1);
    const v = movingAverage(slots.v, grad.square(), c.beta2, c.oneMinusBeta2);
    const denominator = v.sqrt().mul(c.denominatorScale).add(c.epsilon);
    return { param: param.sub(c.gradientStep.mul(grad).add(c.momentStep.mul(m)).div(denominator)), slots: { m, v } };
  },
});

/** `{ type: "nadam" }`: NAdam. */
export type NadamConfig = ConfigOf<typeof nadam>;
/** The resolved hyperparameters of nadam. */
export type NadamHyperparameters = HyperparametersOf<typeof nadam>;
