import { nonNegative, unitInterval } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "lion" }`: Lion (Chen et al. 2023), the sign of an interpolated momentum. */
export interface LionConfig {
  type: 'lion';
  /** Step size. Default 1e-4. */
  learningRate?: number;
  /** Interpolation between momentum and gradient for the step, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the momentum, in [0, 1). Default 0.99. */
  beta2?: number;
  /** Decoupled weight decay: p ← p·(1 − lr·weightDecay). Default 0. */
  weightDecay?: number;
}

/** The resolved hyperparameters of lion. */
export type LionHyperparameters = Required<Omit<LionConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface LionCoefficients {
  lr: number;
  beta1: number;
  beta2: number;
  parameterScale: number;
}

/** Lion: `c = β1·m + (1 − β1)·g`, `p ← p·(1 − lr·wd) − lr·sign(c)`, `m ← β2·m + (1 − β2)·g`. */
export const lion: RuleDefinition<LionHyperparameters, LionCoefficients> = {
  type: 'lion',
  fields: {
    learningRate: { default: 1e-4, check: nonNegative },
    beta1: { default: 0.9, check: unitInterval },
    beta2: { default: 0.99, check: unitInterval },
    weightDecay: { default: 0, check: nonNegative },
  },
  slots: () => ['m'],
  initialScalars: () => ({}),
  coefficients: (h, { lr }) => ({ lr, beta1: h.beta1, beta2: h.beta2, parameterScale: 1 - lr * h.weightDecay }),
  kernel(p, g, [m], { lr, beta1: b1, beta2: b2, parameterScale: keep }) {
    const a1 = 1 - b1;
    const a2 = 1 - b2;
    for (let i = 0, n = p.length; i < n; i++) {
      const gi = g[i];
      const mi = m[i];
      const c = b1 * mi + a1 * gi;
      p[i] = p[i] * keep - (c > 0 ? lr : c < 0 ? -lr : 0);
      m[i] = b2 * mi + a2 * gi;
    }
  },
  reference(p, g, { slots }, h, { lr }) {
    const m = slots.m;
    for (let i = 0; i < p.length; i++) {
      const c = h.beta1 * m[i] + (1 - h.beta1) * g[i];
      p[i] = p[i] * (1 - lr * h.weightDecay) - lr * Math.sign(c);
      m[i] = h.beta2 * m[i] + (1 - h.beta2) * g[i];
    }
  },
};
