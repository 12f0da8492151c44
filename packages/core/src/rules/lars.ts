import { boolean, nonNegative } from '../fields';
import { norm } from './expression';
import { decayField, learningRateField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';
import { trustRatio } from './trust-ratio';

/**
 * optax.lars (You, Gitman & Ginsburg 2017), per tensor: `u = g + weightDecay·p`, scaled by
 * the trust ratio `trustCoefficient·‖p‖/(‖u‖ + epsilon)` (1 when either norm is 0) and the
 * learning rate, then optax's trace: `b ← lr·ratio·u + momentum·b`; `p ← p − b`, or with
 * Nesterov `p ← p − (lr·ratio·u + momentum·b)`. The buffer holds steps already scaled by
 * the learning rate, as in optax.
 */
export const lars = defineRule({
  type: 'lars',
  displayName: 'LARS',
  summary: 'LARS (You et al. 2017): momentum SGD whose step is rescaled per tensor by the trust ratio ‖p‖/‖g + λp‖ (optax.lars).',
  fields: {
    learningRate: learningRateField(1, 'Step size (optax has no default; the trust coefficient makes steps small, so 1).'),
    weightDecay: { default: 0, check: nonNegative, doc: 'Adds weightDecay·p to the gradient, inside the trust ratio (optax add_decayed_weights).' },
    trustCoefficient: { default: 0.001, check: nonNegative, doc: 'Multiplies the trust ratio ‖p‖/‖u‖.' },
    epsilon: { default: 0, check: nonNegative, doc: 'Added to ‖u‖ in the trust ratio.' },
    momentum: decayField(0.9, 'Decay of the momentum trace.'),
    nesterov: { default: false, check: boolean, doc: 'Nesterov momentum: the step is the scaled update plus momentum times the new trace.' },
  },
  slots: () => ['trace' as const],
  coefficients: (h, { lr }) => ({ lr, weightDecay: h.weightDecay, trustCoefficient: h.trustCoefficient, epsilon: h.epsilon, momentum: h.momentum }),
  update({ param, grad, slots, c }, h) {
    const u = h.weightDecay === 0 ? grad : grad.add(c.weightDecay.mul(param));
    const scaled = u.mul(trustRatio(norm(param), norm(u), c.trustCoefficient, c.epsilon).mul(c.lr));
    const trace = scaled.add(c.momentum.mul(slots.trace));
    const step = h.nesterov ? scaled.add(c.momentum.mul(trace)) : trace;
    return { param: param.sub(step), slots: { trace } };
  },
});

/** `{ type: "lars" }`: LARS. */
export type LarsConfig = ConfigOf<typeof lars>;
/** The resolved hyperparameters of lars. */
export type LarsHyperparameters = HyperparametersOf<typeof lars>;
