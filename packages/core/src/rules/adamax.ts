import { nonNegative, positive, unitInterval } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "adamax" }`: Adamax, Adam with the infinity norm in place of the second moment. */
export interface AdamaxConfig {
  type: 'adamax';
  /** Step size. Default 2e-3. */
  learningRate?: number;
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the infinity norm, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to |g| before the maximum. Default 1e-8. */
  epsilon?: number;
  /** Coupled L2 weight decay. Default 0. */
  weightDecay?: number;
}

/** The resolved hyperparameters of adamax. */
export type AdamaxHyperparameters = Required<Omit<AdamaxConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface AdamaxCoefficients {
  beta1: number;
  beta2: number;
  stepSize: number;
  epsilon: number;
  weightDecay: number;
}

/** torch.optim.Adamax: `u ← max(β2·u, |g| + ε)`, `p ← p − lr/(1 − β1^t)·m/u`. */
export const adamax: RuleDefinition<AdamaxHyperparameters, AdamaxCoefficients> = {
  type: 'adamax',
  fields: {
    learningRate: { default: 2e-3, check: nonNegative },
    beta1: { default: 0.9, check: unitInterval },
    beta2: { default: 0.999, check: unitInterval },
    epsilon: { default: 1e-8, check: positive },
    weightDecay: { default: 0, check: nonNegative },
  },
  slots: () => ['m', 'u'],
  initialScalars: () => ({}),
  coefficients: (h, { t, lr }) => ({
    beta1: h.beta1,
    beta2: h.beta2,
    stepSize: lr / (1 - h.beta1 ** t),
    epsilon: h.epsilon,
    weightDecay: h.weightDecay,
  }),
  kernel(p, g, [m, u], { beta1: b1, beta2: b2, stepSize, epsilon: eps, weightDecay: wd }) {
    const a1 = 1 - b1;
    for (let i = 0, n = p.length; i < n; i++) {
      const gi = g[i] + wd * p[i];
      const mi = b1 * m[i] + a1 * gi;
      const decayed = b2 * u[i];
      const magnitude = Math.abs(gi) + eps;
      const ui = decayed > magnitude ? decayed : magnitude;
      m[i] = mi;
      u[i] = ui;
      p[i] -= (stepSize * mi) / ui;
    }
  },
  reference(p, g, { slots }, h, { t, lr }) {
    const { m, u } = slots;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + h.weightDecay * p[i];
      m[i] = h.beta1 * m[i] + (1 - h.beta1) * gi;
      u[i] = Math.max(h.beta2 * u[i], Math.abs(gi) + h.epsilon);
      p[i] = p[i] - (lr / (1 - Math.pow(h.beta1, t))) * (m[i] / u[i]);
    }
  },
};
