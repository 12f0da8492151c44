import { DescentError } from '../errors';
import { boolean, nonNegative, unitInterval, closedUnitInterval } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "sgd" }`: stochastic gradient descent with optional (Nesterov) momentum. */
export interface SgdConfig {
  type: 'sgd';
  /** Step size. Default 0.01. */
  learningRate?: number;
  /** Momentum coefficient ρ in [0, 1). Default 0 (plain SGD). */
  momentum?: number;
  /** Dampening of the gradient added to the momentum buffer, in [0, 1]. Default 0. */
  dampening?: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0. Default false. */
  nesterov?: boolean;
  /** Coupled L2 weight decay: g ← g + weightDecay·p. Default 0. */
  weightDecay?: number;
}

/** The resolved hyperparameters of sgd. */
export type SgdHyperparameters = Required<Omit<SgdConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface SgdCoefficients {
  lr: number;
  weightDecay: number;
  momentum: number;
  /** 1 − dampening, or 1 when the buffer starts (set to g). */
  gradientScale: number;
  first: boolean;
  nesterov: boolean;
}

/**
 * torch.optim.SGD: with momentum, `b ← g` at the first step and `b ← ρb + (1 − dampening)g`
 * after; the step is `b`, or `g + ρb` with Nesterov.
 */
export const sgd: RuleDefinition<SgdHyperparameters, SgdCoefficients> = {
  type: 'sgd',
  fields: {
    learningRate: { default: 0.01, check: nonNegative },
    momentum: { default: 0, check: unitInterval },
    dampening: { default: 0, check: closedUnitInterval },
    nesterov: { default: false, check: boolean },
    weightDecay: { default: 0, check: nonNegative },
  },
  refine(h, where) {
    if (h.nesterov && h.momentum <= 0) {
      throw new DescentError(`${where}.nesterov`, true, 'nesterov: false unless momentum > 0 (got momentum = 0)');
    }
    if (h.nesterov && h.dampening !== 0) {
      throw new DescentError(`${where}.dampening`, h.dampening, '0 when nesterov is true');
    }
  },
  slots: (h) => (h.momentum > 0 ? ['momentumBuffer'] : []),
  initialScalars: () => ({}),
  coefficients(h, { lr }, scalars) {
    // torch starts the buffer at the gradient whenever it has none yet: at the first step,
    // or when momentum is switched on later.
    const first = scalars.bufferStarted !== 1;
    if (h.momentum > 0) scalars.bufferStarted = 1;
    return { lr, weightDecay: h.weightDecay, momentum: h.momentum, gradientScale: first ? 1 : 1 - h.dampening, first, nesterov: h.nesterov };
  },
  kernel(p, g, slots, c) {
    const n = p.length;
    const { lr, weightDecay } = c;
    if (slots.length === 0) {
      if (weightDecay === 0) for (let i = 0; i < n; i++) p[i] -= lr * g[i];
      else for (let i = 0; i < n; i++) p[i] -= lr * (g[i] + weightDecay * p[i]);
      return;
    }
    const b = slots[0];
    const keep = c.first ? 0 : c.momentum;
    const scale = c.gradientScale;
    const look = c.nesterov ? c.momentum : 0;
    if (!c.nesterov && weightDecay === 0) {
      for (let i = 0; i < n; i++) {
        const bi = keep * b[i] + scale * g[i];
        b[i] = bi;
        p[i] -= lr * bi;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const gi = g[i] + weightDecay * p[i];
      const bi = keep * b[i] + scale * gi;
      b[i] = bi;
      p[i] -= lr * (c.nesterov ? gi + look * bi : bi);
    }
  },
  reference(p, g, { slots, scalars }, h, { lr }) {
    const first = scalars.bufferStarted !== 1;
    if (h.momentum !== 0) scalars.bufferStarted = 1;
    for (let i = 0; i < p.length; i++) {
      let d = g[i] + h.weightDecay * p[i];
      if (h.momentum !== 0) {
        const b = slots.momentumBuffer;
        b[i] = first ? d : h.momentum * b[i] + (1 - h.dampening) * d;
        d = h.nesterov ? d + h.momentum * b[i] : b[i];
      }
      p[i] = p[i] - lr * d;
    }
  },
};
