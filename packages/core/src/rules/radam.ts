import { select } from './expression';
import { decayField, epsilonField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/** The rectification r of RAdam at step t when ρ_t > 5, else null. */
function rectification(beta2: number, t: number): number | null {
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * t * Math.pow(beta2, t)) / (1 - Math.pow(beta2, t));
  if (!(rhoT > 5)) return null;
  return Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
}

/** torch.optim.RAdam: the adaptive step once the variance of the second moment is tractable (ρ_t > 5), SGD with momentum before. */
export const radam = defineRule({
  type: 'radam',
  summary: 'Rectified Adam (Liu et al.; torch.optim.RAdam).',
  fields: {
    learningRate: learningRateField(1e-3),
    beta1: decayField(0.9, 'Decay of the first moment.'),
    beta2: decayField(0.999, 'Decay of the second moment.'),
    epsilon: epsilonField(1e-8),
    weightDecay: weightDecayField('coupled'),
  },
  weightDecay: 'coupled',
  slots: () => ['m' as const, 'v' as const],
  nonNegativeSlots: ['v'],
  coefficients(h, { t, lr }) {
    const r = rectification(h.beta2, t);
    const stepSize = lr / (1 - h.beta1 ** t);
    return {
      beta1: h.beta1,
      oneMinusBeta1: 1 - h.beta1,
      beta2: h.beta2,
      oneMinusBeta2: 1 - h.beta2,
      /** lr/(1 − β1^t), times r·√(1 − β2^t) once rectified. */
      stepSize: r === null ? stepSize : stepSize * r * Math.sqrt(1 - h.beta2 ** t),
      /** 1 when the adaptive denominator is used this step (ρ_t > 5), else 0. */
      rectified: r === null ? 0 : 1,
      epsilon: h.epsilon,
    };
  },
  update({ param, grad, slots, c }) {
    const m = movingAverage(slots.m, grad, c.beta1, c.oneMinusBeta1);
    const v = movingAverage(slots.v, grad.square(), c.beta2, c.oneMinusBeta2);
    const step = c.stepSize.mul(m);
    return { param: param.sub(select(c.rectified.gt(0), step.div(v.sqrt().add(c.epsilon)), step)), slots: { m, v } };
  },
});

/** `{ type: "radam" }`: Rectified Adam. */
export type RadamConfig = ConfigOf<typeof radam>;
/** The resolved hyperparameters of radam. */
export type RadamHyperparameters = HyperparametersOf<typeof radam>;
