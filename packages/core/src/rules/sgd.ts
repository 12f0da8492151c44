import { DescentError } from '../errors';
import { boolean, closedUnitInterval } from '../fields';
import { decayField, learningRateField, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/**
 * torch.optim.SGD: with momentum, `b ← g` at the first step and `b ← ρb + (1 − dampening)g`
 * after; the step is `b`, or `g + ρb` with Nesterov.
 */
export const sgd = defineRule({
  type: 'sgd',
  displayName: 'SGD',
  summary: 'Stochastic gradient descent with optional (Nesterov) momentum (torch.optim.SGD).',
  fields: {
    learningRate: learningRateField(0.01),
    momentum: decayField(0, 'Momentum coefficient ρ; 0 is plain SGD.'),
    dampening: { default: 0, check: closedUnitInterval, doc: 'Dampening of the gradient added to the momentum buffer.' },
    nesterov: { default: false, check: boolean, doc: 'Nesterov momentum; needs momentum > 0 and dampening 0.' },
    weightDecay: weightDecayField('coupled'),
  },
  weightDecay: 'coupled',
  refine(h, where) {
    if (h.nesterov && h.momentum <= 0) {
      throw new DescentError(`${where}.nesterov`, true, 'nesterov: false unless momentum > 0 (got momentum = 0)');
    }
    if (h.nesterov && h.dampening !== 0) {
      throw new DescentError(`${where}.dampening`, h.dampening, '0 when nesterov is true');
    }
  },
  slots: (h) => (h.momentum > 0 ? ['momentumBuffer' as const] : []),
  coefficients(h, { lr }, scalars) {
    // torch starts the buffer at the gradient whenever it has none yet: at the first step,
    // or when momentum is switched on later.
    const first = scalars.bufferStarted !== 1;
    if (h.momentum > 0) scalars.bufferStarted = 1;
    return { lr, keep: first ? 0 : h.momentum, gradientScale: first ? 1 : 1 - h.dampening, momentum: h.momentum };
  },
  update({ param, grad, slots, c }, h) {
    if (h.momentum === 0) return { param: param.sub(c.lr.mul(grad)) };
    const buffer = slots.momentumBuffer.mul(c.keep).add(c.gradientScale.mul(grad));
    const direction = h.nesterov ? grad.add(c.momentum.mul(buffer)) : buffer;
    return { param: param.sub(c.lr.mul(direction)), slots: { momentumBuffer: buffer } };
  },
});

/** `{ type: "sgd" }`: stochastic gradient descent with optional (Nesterov) momentum. */
export type SgdConfig = ConfigOf<typeof sgd>;
/** The resolved hyperparameters of sgd. */
export type SgdHyperparameters = HyperparametersOf<typeof sgd>;
