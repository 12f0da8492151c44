import { boolean } from '../fields';
import { decayField, epsilonField, formulaField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/**
 * torch.optim.RMSprop, or tf.train.rmsprop's ε placement with `formula: "tfjs"`.
 * Slots: `squareAverage`, then `gradientAverage` if centered, then `momentumBuffer` if momentum.
 */
export const rmsprop = defineRule({
  type: 'rmsprop',
  displayName: 'RMSprop',
  summary: 'RMSProp, optionally centered and with momentum (torch.optim.RMSprop).',
  fields: {
    learningRate: learningRateField(0.01),
    decay: decayField(0.99, "Decay of the squared-gradient average (torch's alpha)."),
    epsilon: epsilonField(1e-8),
    momentum: decayField(0, 'Momentum coefficient; 0 for none.'),
    centered: { default: false, check: boolean, doc: 'Subtract the squared mean gradient from the second moment.' },
    weightDecay: weightDecayField('coupled'),
    formula: formulaField('"torch": √s + ε (√(s − ā²) + ε centered); "tfjs": √(s + ε) (√(s − ā² − ε) centered, as tf.train computes it).'),
  },
  weightDecay: 'coupled',
  slots: (h) => [
    'squareAverage' as const,
    ...(h.centered ? ['gradientAverage' as const] : []),
    ...(h.momentum > 0 ? ['momentumBuffer' as const] : []),
  ],
  nonNegativeSlots: ['squareAverage'],
  coefficients: (h, { lr }) => ({ lr, decay: h.decay, oneMinusDecay: 1 - h.decay, epsilon: h.epsilon, momentum: h.momentum }),
  update({ param, grad, slots, c }, h) {
    const squareAverage = movingAverage(slots.squareAverage, grad.square(), c.decay, c.oneMinusDecay);
    const next: { squareAverage: typeof squareAverage; gradientAverage?: typeof squareAverage; momentumBuffer?: typeof squareAverage } = { squareAverage };
    let variance = squareAverage;
    if (h.centered) {
      const gradientAverage = movingAverage(slots.gradientAverage, grad, c.decay, c.oneMinusDecay);
      next.gradientAverage = gradientAverage;
      variance = squareAverage.sub(gradientAverage.square());
    }
    const denominator =
      h.formula === 'torch' ? variance.sqrt().add(c.epsilon) : (h.centered ? variance.sub(c.epsilon) : variance.add(c.epsilon)).sqrt();
    if (h.momentum === 0) return { param: param.sub(c.lr.mul(grad).div(denominator)), slots: next };
    const momentumBuffer = slots.momentumBuffer.mul(c.momentum).add(grad.div(denominator));
    next.momentumBuffer = momentumBuffer;
    return { param: param.sub(c.lr.mul(momentumBuffer)), slots: next };
  },
});

/** `{ type: "rmsprop" }`: RMSProp. */
export type RmspropConfig = ConfigOf<typeof rmsprop>;
/** The resolved hyperparameters of rmsprop. */
export type RmspropHyperparameters = HyperparametersOf<typeof rmsprop>;
