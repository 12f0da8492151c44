import { decayField, epsilonField, formulaField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/**
 * torch.optim.Adadelta: `s ← ρs + (1 − ρ)g²`, `Δ = √(u + ε)/√(s + ε)·g`, `u ← ρu + (1 − ρ)Δ²`, `p ← p − lr·Δ`.
 * `formula: "tfjs"` divides by √(s + ε) with the average s before this step, as tf.train.adadelta does.
 */
export const adadelta = defineRule({
  type: 'adadelta',
  summary: 'Adadelta (Zeiler; torch.optim.Adadelta).',
  fields: {
    learningRate: learningRateField(1.0, 'Scale of the step.'),
    rho: decayField(0.9, 'Decay of both running averages.'),
    epsilon: epsilonField(1e-6, 'Added inside both square roots.'),
    weightDecay: weightDecayField('coupled'),
    formula: formulaField('"torch": Δ = √(u + ε)/√(s + ε)·g with s updated first; "tfjs": with s of the previous step.'),
  },
  weightDecay: 'coupled',
  slots: () => ['squareAverage' as const, 'deltaAverage' as const],
  nonNegativeSlots: ['squareAverage', 'deltaAverage'],
  coefficients: (h, { lr }) => ({ lr, rho: h.rho, oneMinusRho: 1 - h.rho, epsilon: h.epsilon }),
  update({ param, grad, slots, c }, h) {
    const squareAverage = movingAverage(slots.squareAverage, grad.square(), c.rho, c.oneMinusRho);
    const divisor = h.formula === 'tfjs' ? slots.squareAverage : squareAverage;
    const delta = slots.deltaAverage.add(c.epsilon).sqrt().div(divisor.add(c.epsilon).sqrt()).mul(grad);
    const deltaAverage = movingAverage(slots.deltaAverage, delta.square(), c.rho, c.oneMinusRho);
    return { param: param.sub(c.lr.mul(delta)), slots: { squareAverage, deltaAverage } };
  },
});

/** `{ type: "adadelta" }`: Adadelta. */
export type AdadeltaConfig = ConfigOf<typeof adadelta>;
/** The resolved hyperparameters of adadelta. */
export type AdadeltaHyperparameters = HyperparametersOf<typeof adadelta>;
