import { nonNegative, positive } from '../fields';
import { select } from './expression';
import { learningRateField, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/**
 * torch.optim.ASGD (averaged SGD, Polyak & Juditsky 1992; the step-size decay of Bottou
 * 2012), its single-tensor form. Per tensor a step size η and an averaging weight μ, both
 * set after each step t from that step's learning rate: `η ← lr/(1 + lambd·lr·t)^alpha`,
 * `μ ← 1/max(1, t − t0)`; the first step uses η = lr and μ = 1. Each step:
 * `p ← p·(1 − lambd·η) − η·g`, then `ax ← p` while μ = 1, `ax ← ax + μ·(p − ax)` after
 * (the running mean of the iterates since step t0). The average `ax` is the rule's
 * evaluation point, read like EMA weights.
 */
export const asgd = defineRule({
  type: 'asgd',
  displayName: 'ASGD',
  summary: 'Averaged SGD: SGD with a decaying step that keeps the running mean of its iterates after step t0 (torch.optim.ASGD).',
  fields: {
    learningRate: learningRateField(0.01),
    lambd: { default: 1e-4, check: nonNegative, doc: 'Decay term: shrinks the step size over time and the parameter by 1 − lambd·η each step.' },
    alpha: { default: 0.75, check: nonNegative, doc: 'Power of the step-size decay.' },
    t0: { default: 1e6, check: positive, doc: 'Step after which averaging starts; before it the average is the parameter itself.' },
    weightDecay: weightDecayField('coupled'),
  },
  weightDecay: 'coupled',
  slots: () => ['ax' as const],
  coefficients(h, { t, lr }, scalars) {
    const eta = t === 1 ? lr : scalars.eta;
    const mu = t === 1 ? 1 : scalars.mu;
    scalars.eta = lr / Math.pow(1 + h.lambd * lr * t, h.alpha);
    scalars.mu = 1 / Math.max(1, t - h.t0);
    return { shrink: 1 - h.lambd * eta, eta, copies: mu === 1 ? 1 : 0, mu };
  },
  update({ param, grad, slots, c }) {
    const stepped = param.mul(c.shrink).sub(grad.mul(c.eta));
    const ax = select(c.copies.gt(0), stepped, slots.ax.add(stepped.sub(slots.ax).mul(c.mu)));
    return { param: stepped, slots: { ax } };
  },
  evaluationPoint: () => ({ slot: 'ax' as const, paramWeight: 0, slotWeight: 1 }),
});

/** `{ type: "asgd" }`: averaged SGD. */
export type AsgdConfig = ConfigOf<typeof asgd>;
/** The resolved hyperparameters of asgd. */
export type AsgdHyperparameters = HyperparametersOf<typeof asgd>;
