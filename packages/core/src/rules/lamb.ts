import { nonNegative } from '../fields';
import { norm } from './expression';
import { decayField, epsilonField, learningRateField, movingAverage } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';
import { trustRatio } from './trust-ratio';

/**
 * optax.lamb (You et al. 2019), per tensor: Adam's bias-corrected step
 * `u = m̂/(√(v̂ + epsilonRoot) + epsilon) + weightDecay·p`, scaled by the trust ratio
 * `‖p‖/‖u‖` (1 when either norm is 0): `p ← p − lr·ratio·u`. The two norms are sums over
 * the tensor, computed before the element-wise update.
 */
export const lamb = defineRule({
  type: 'lamb',
  displayName: 'LAMB',
  summary: "LAMB (You et al. 2019): Adam's step rescaled per tensor by the trust ratio ‖p‖/‖step‖ (optax.lamb).",
  fields: {
    learningRate: learningRateField(1e-3, 'Step size (optax has no default; 1e-3 as Adam).'),
    beta1: decayField(0.9, 'Decay of the first moment.'),
    beta2: decayField(0.999, 'Decay of the second moment.'),
    epsilon: epsilonField(1e-6),
    epsilonRoot: { default: 0, check: nonNegative, doc: 'Added to the second moment inside the square root (optax eps_root).' },
    weightDecay: { default: 0, check: nonNegative, doc: 'Adds weightDecay·p to the Adam step, inside the trust ratio (optax add_decayed_weights).' },
  },
  slots: () => ['m' as const, 'v' as const],
  nonNegativeSlots: ['v'],
  coefficients: (h, { t, lr }) => ({
    lr,
    beta1: h.beta1,
    oneMinusBeta1: 1 - h.beta1,
    beta2: h.beta2,
    oneMinusBeta2: 1 - h.beta2,
    firstCorrection: 1 - h.beta1 ** t,
    secondCorrection: 1 - h.beta2 ** t,
    epsilon: h.epsilon,
    epsilonRoot: h.epsilonRoot,
    weightDecay: h.weightDecay,
  }),
  update({ param, grad, slots, c }, h) {
    const m = movingAverage(slots.m, grad, c.beta1, c.oneMinusBeta1);
    const v = movingAverage(slots.v, grad.square(), c.beta2, c.oneMinusBeta2);
    const adam = m.div(c.firstCorrection).div(v.div(c.secondCorrection).add(c.epsilonRoot).sqrt().add(c.epsilon));
    const step = h.weightDecay === 0 ? adam : adam.add(c.weightDecay.mul(param));
    const ratio = trustRatio(norm(param), norm(step));
    return { param: param.sub(c.lr.mul(ratio).mul(step)), slots: { m, v } };
  },
});

/** `{ type: "lamb" }`: LAMB. */
export type LambConfig = ConfigOf<typeof lamb>;
/** The resolved hyperparameters of lamb. */
export type LambHyperparameters = HyperparametersOf<typeof lamb>;
