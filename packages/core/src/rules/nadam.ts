import { nonNegative, positive, unitInterval } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "nadam" }`: Adam with Nesterov momentum (Dozat), torch's momentum-decay schedule. */
export interface NadamConfig {
  type: 'nadam';
  /** Step size. Default 2e-3. */
  learningRate?: number;
  /** Base momentum, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-8. */
  epsilon?: number;
  /** Coupled L2 weight decay. Default 0. */
  weightDecay?: number;
  /** ψ in μ_t = β1·(1 − ½·0.96^(t·ψ)). Default 4e-3. */
  momentumDecay?: number;
}

/** The resolved hyperparameters of nadam. */
export type NadamHyperparameters = Required<Omit<NadamConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface NadamCoefficients {
  beta1: number;
  beta2: number;
  /** lr·(1 − μ_t)/(1 − Π_t): the weight of the current gradient. */
  gradientStep: number;
  /** lr·μ_{t+1}/(1 − Π_t·μ_{t+1}): the weight of the first moment. */
  momentStep: number;
  /** 1 / √(1 − β2^t). */
  denominatorScale: number;
  epsilon: number;
  weightDecay: number;
}

/** The momentum of step t: μ_t = β1·(1 − ½·0.96^(t·ψ)). */
function momentumAt(h: NadamHyperparameters, t: number): number {
  return h.beta1 * (1 - 0.5 * Math.pow(0.96, t * h.momentumDecay));
}

/**
 * NAdam as in torch ≥ 2.0 (the product Π of the momenta gains μ_t once per step;
 * torch 1.13's single-tensor code multiplies it in twice, a defect fixed upstream).
 */
export const nadam: RuleDefinition<NadamHyperparameters, NadamCoefficients> = {
  type: 'nadam',
  fields: {
    learningRate: { default: 2e-3, check: nonNegative },
    beta1: { default: 0.9, check: unitInterval },
    beta2: { default: 0.999, check: unitInterval },
    epsilon: { default: 1e-8, check: positive },
    weightDecay: { default: 0, check: nonNegative },
    momentumDecay: { default: 4e-3, check: nonNegative },
  },
  slots: () => ['m', 'v'],
  initialScalars: () => ({ muProduct: 1 }),
  coefficients(h, { t, lr }, scalars) {
    const mu = momentumAt(h, t);
    const muNext = momentumAt(h, t + 1);
    const product = scalars.muProduct * mu;
    scalars.muProduct = product;
    return {
      beta1: h.beta1,
      beta2: h.beta2,
      gradientStep: (lr * (1 - mu)) / (1 - product),
      momentStep: (lr * muNext) / (1 - product * muNext),
      denominatorScale: 1 / Math.sqrt(1 - h.beta2 ** t),
      epsilon: h.epsilon,
      weightDecay: h.weightDecay,
    };
  },
  kernel(p, g, [m, v], c) {
    const { beta1: b1, beta2: b2, gradientStep, momentStep, denominatorScale: ds, epsilon: eps, weightDecay: wd } = c;
    const a1 = 1 - b1;
    const a2 = 1 - b2;
    for (let i = 0, n = p.length; i < n; i++) {
      const gi = g[i] + wd * p[i];
      const mi = b1 * m[i] + a1 * gi;
      const vi = b2 * v[i] + a2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] -= (gradientStep * gi + momentStep * mi) / (Math.sqrt(vi) * ds + eps);
    }
  },
  reference(p, g, { slots, scalars }, h, { t, lr }) {
    const { m, v } = slots;
    const mu = momentumAt(h, t);
    const muNext = momentumAt(h, t + 1);
    scalars.muProduct = scalars.muProduct * mu;
    const product = scalars.muProduct;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + h.weightDecay * p[i];
      m[i] = h.beta1 * m[i] + (1 - h.beta1) * gi;
      v[i] = h.beta2 * v[i] + (1 - h.beta2) * gi * gi;
      const d = Math.sqrt(v[i] / (1 - Math.pow(h.beta2, t))) + h.epsilon;
      p[i] = p[i] - (lr * (1 - mu)) / (1 - product) * (gi / d) - (lr * muNext) / (1 - product * muNext) * (m[i] / d);
    }
  },
};
