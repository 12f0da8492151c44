import { nonNegative } from '../fields';
import { epsilonField, formulaField, learningRateField, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/**
 * torch.optim.Adagrad: `s ← s + g²`, `p ← p − clr·g/(√s + ε)` with `clr = lr/(1 + (t − 1)·lrDecay)`;
 * `formula: "tfjs"` divides by √(s + ε) as tf.train.adagrad does.
 */
export const adagrad = defineRule({
  type: 'adagrad',
  summary: 'AdaGrad: per-element steps scaled by the root of the summed squared gradients (torch.optim.Adagrad).',
  fields: {
    learningRate: learningRateField(0.01),
    lrDecay: { default: 0, check: nonNegative, doc: 'Decay of the step size: lr / (1 + (t − 1)·lrDecay).' },
    weightDecay: weightDecayField('coupled'),
    initialAccumulatorValue: { default: 0, check: nonNegative, doc: 'Starting value of the squared-gradient sum.' },
    epsilon: epsilonField(1e-10),
    formula: formulaField('"torch": divide by √s + ε; "tfjs": divide by √(s + ε).'),
  },
  weightDecay: 'coupled',
  slots: () => ['sum' as const],
  nonNegativeSlots: ['sum'],
  initialSlotValue: (h) => h.initialAccumulatorValue,
  coefficients: (h, { t, lr }) => ({ stepSize: lr / (1 + (t - 1) * h.lrDecay), epsilon: h.epsilon }),
  update({ param, grad, slots, c }, h) {
    const sum = slots.sum.add(grad.square());
    const denominator = h.formula === 'tfjs' ? sum.add(c.epsilon).sqrt() : sum.sqrt().add(c.epsilon);
    return { param: param.sub(c.stepSize.mul(grad).div(denominator)), slots: { sum } };
  },
});

/** `{ type: "adagrad" }`: AdaGrad. */
export type AdagradConfig = ConfigOf<typeof adagrad>;
/** The resolved hyperparameters of adagrad. */
export type AdagradHyperparameters = HyperparametersOf<typeof adagrad>;
