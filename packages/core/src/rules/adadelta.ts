import { nonNegative, positive, unitInterval } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "adadelta" }`: Adadelta (Zeiler), steps scaled by the ratio of running RMS of updates and gradients. */
export interface AdadeltaConfig {
  type: 'adadelta';
  /** Scale of the step. Default 1.0. */
  learningRate?: number;
  /** Decay of both running averages, in [0, 1). Default 0.9. */
  rho?: number;
  /** Added inside both square roots. Default 1e-6. */
  epsilon?: number;
  /** Coupled L2 weight decay. Default 0. */
  weightDecay?: number;
}

/** The resolved hyperparameters of adadelta. */
export type AdadeltaHyperparameters = Required<Omit<AdadeltaConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface AdadeltaCoefficients {
  lr: number;
  rho: number;
  epsilon: number;
  weightDecay: number;
}

/** torch.optim.Adadelta. Slots: `squareAverage` (of g²) and `deltaAverage` (of Δ²). */
export const adadelta: RuleDefinition<AdadeltaHyperparameters, AdadeltaCoefficients> = {
  type: 'adadelta',
  fields: {
    learningRate: { default: 1.0, check: nonNegative },
    rho: { default: 0.9, check: unitInterval },
    epsilon: { default: 1e-6, check: positive },
    weightDecay: { default: 0, check: nonNegative },
  },
  slots: () => ['squareAverage', 'deltaAverage'],
  initialScalars: () => ({}),
  coefficients: (h, { lr }) => ({ lr, rho: h.rho, epsilon: h.epsilon, weightDecay: h.weightDecay }),
  kernel(p, g, [s, u], { lr, rho, epsilon: eps, weightDecay: wd }) {
    const a = 1 - rho;
    for (let i = 0, n = p.length; i < n; i++) {
      const gi = g[i] + wd * p[i];
      const si = rho * s[i] + a * gi * gi;
      const delta = (Math.sqrt(u[i] + eps) / Math.sqrt(si + eps)) * gi;
      s[i] = si;
      u[i] = rho * u[i] + a * delta * delta;
      p[i] -= lr * delta;
    }
  },
  reference(p, g, { slots }, h, { lr }) {
    const { squareAverage: s, deltaAverage: u } = slots;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + h.weightDecay * p[i];
      s[i] = h.rho * s[i] + (1 - h.rho) * gi * gi;
      const delta = (Math.sqrt(u[i] + h.epsilon) / Math.sqrt(s[i] + h.epsilon)) * gi;
      u[i] = h.rho * u[i] + (1 - h.rho) * delta * delta;
      p[i] = p[i] - lr * delta;
    }
  },
};
