import { boolean, nonNegative, positive, unitInterval } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "rmsprop" }`: RMSProp (Hinton), optionally centered and with momentum. */
export interface RmspropConfig {
  type: 'rmsprop';
  /** Step size. Default 0.01. */
  learningRate?: number;
  /** Decay of the squared-gradient average (torch's alpha), in [0, 1). Default 0.99. */
  decay?: number;
  /** Added to the denominator. Default 1e-8. */
  epsilon?: number;
  /** Momentum on the scaled step, in [0, 1). Default 0. */
  momentum?: number;
  /** Subtract the squared mean gradient from the second moment. Default false. */
  centered?: boolean;
  /** Coupled L2 weight decay. Default 0. */
  weightDecay?: number;
}

/** The resolved hyperparameters of rmsprop. */
export type RmspropHyperparameters = Required<Omit<RmspropConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface RmspropCoefficients {
  lr: number;
  decay: number;
  epsilon: number;
  momentum: number;
  weightDecay: number;
  centered: boolean;
}

/** torch.optim.RMSprop. Slots: `squareAverage`, then `gradientAverage` if centered, then `momentumBuffer` if momentum. */
export const rmsprop: RuleDefinition<RmspropHyperparameters, RmspropCoefficients> = {
  type: 'rmsprop',
  fields: {
    learningRate: { default: 0.01, check: nonNegative },
    decay: { default: 0.99, check: unitInterval },
    epsilon: { default: 1e-8, check: positive },
    momentum: { default: 0, check: unitInterval },
    centered: { default: false, check: boolean },
    weightDecay: { default: 0, check: nonNegative },
  },
  slots: (h) => [
    'squareAverage',
    ...(h.centered ? ['gradientAverage'] : []),
    ...(h.momentum > 0 ? ['momentumBuffer'] : []),
  ],
  initialScalars: () => ({}),
  coefficients: (h, { lr }) => ({
    lr,
    decay: h.decay,
    epsilon: h.epsilon,
    momentum: h.momentum,
    weightDecay: h.weightDecay,
    centered: h.centered,
  }),
  kernel(p, g, slots, { lr, decay: r, epsilon: eps, momentum: mu, weightDecay: wd, centered }) {
    const n = p.length;
    const a = 1 - r;
    const v = slots[0];
    const avg = centered ? slots[1] : v;
    const b = mu > 0 ? slots[slots.length - 1] : v;
    if (!centered && mu === 0) {
      for (let i = 0; i < n; i++) {
        const gi = g[i] + wd * p[i];
        const vi = r * v[i] + a * gi * gi;
        v[i] = vi;
        p[i] -= (lr * gi) / (Math.sqrt(vi) + eps);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const gi = g[i] + wd * p[i];
      const vi = r * v[i] + a * gi * gi;
      v[i] = vi;
      let d: number;
      if (centered) {
        const ai = r * avg[i] + a * gi;
        avg[i] = ai;
        d = Math.sqrt(vi - ai * ai) + eps;
      } else {
        d = Math.sqrt(vi) + eps;
      }
      if (mu > 0) {
        const bi = mu * b[i] + gi / d;
        b[i] = bi;
        p[i] -= lr * bi;
      } else {
        p[i] -= (lr * gi) / d;
      }
    }
  },
  reference(p, g, { slots }, h, { lr }) {
    const { squareAverage: v, gradientAverage: avg, momentumBuffer: b } = slots;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + h.weightDecay * p[i];
      v[i] = h.decay * v[i] + (1 - h.decay) * gi * gi;
      let d: number;
      if (h.centered) {
        avg[i] = h.decay * avg[i] + (1 - h.decay) * gi;
        d = Math.sqrt(v[i] - avg[i] * avg[i]) + h.epsilon;
      } else {
        d = Math.sqrt(v[i]) + h.epsilon;
      }
      if (h.momentum > 0) {
        b[i] = h.momentum * b[i] + gi / d;
        p[i] = p[i] - lr * b[i];
      } else {
        p[i] = p[i] - lr * (gi / d);
      }
    }
  },
};
