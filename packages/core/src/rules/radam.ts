import { nonNegative, positive, unitInterval } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "radam" }`: Rectified Adam (Liu et al.): plain momentum SGD until the variance estimate is trustworthy. */
export interface RadamConfig {
  type: 'radam';
  /** Step size. Default 1e-3. */
  learningRate?: number;
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-8. */
  epsilon?: number;
  /** Coupled L2 weight decay. Default 0. */
  weightDecay?: number;
}

/** The resolved hyperparameters of radam. */
export type RadamHyperparameters = Required<Omit<RadamConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface RadamCoefficients {
  beta1: number;
  beta2: number;
  /** lr/(1 − β1^t), times r·√(1 − β2^t) once rectified. */
  stepSize: number;
  /** Whether the adaptive denominator is used this step (ρ_t > 5). */
  rectified: boolean;
  epsilon: number;
  weightDecay: number;
}

/** ρ_t of RAdam, and the rectification r when ρ_t > 5 (else null). */
function rectification(h: RadamHyperparameters, t: number): number | null {
  const rhoInf = 2 / (1 - h.beta2) - 1;
  const rhoT = rhoInf - (2 * t * Math.pow(h.beta2, t)) / (1 - Math.pow(h.beta2, t));
  if (!(rhoT > 5)) return null;
  return Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
}

/** torch.optim.RAdam. */
export const radam: RuleDefinition<RadamHyperparameters, RadamCoefficients> = {
  type: 'radam',
  fields: {
    learningRate: { default: 1e-3, check: nonNegative },
    beta1: { default: 0.9, check: unitInterval },
    beta2: { default: 0.999, check: unitInterval },
    epsilon: { default: 1e-8, check: positive },
    weightDecay: { default: 0, check: nonNegative },
  },
  slots: () => ['m', 'v'],
  initialScalars: () => ({}),
  coefficients(h, { t, lr }) {
    const r = rectification(h, t);
    const stepSize = lr / (1 - h.beta1 ** t);
    return {
      beta1: h.beta1,
      beta2: h.beta2,
      stepSize: r === null ? stepSize : stepSize * r * Math.sqrt(1 - h.beta2 ** t),
      rectified: r !== null,
      epsilon: h.epsilon,
      weightDecay: h.weightDecay,
    };
  },
  kernel(p, g, [m, v], { beta1: b1, beta2: b2, stepSize, rectified, epsilon: eps, weightDecay: wd }) {
    const a1 = 1 - b1;
    const a2 = 1 - b2;
    const n = p.length;
    if (rectified) {
      for (let i = 0; i < n; i++) {
        const gi = g[i] + wd * p[i];
        const mi = b1 * m[i] + a1 * gi;
        const vi = b2 * v[i] + a2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= (stepSize * mi) / (Math.sqrt(vi) + eps);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const gi = g[i] + wd * p[i];
      const mi = b1 * m[i] + a1 * gi;
      m[i] = mi;
      v[i] = b2 * v[i] + a2 * gi * gi;
      p[i] -= stepSize * mi;
    }
  },
  reference(p, g, { slots }, h, { t, lr }) {
    const { m, v } = slots;
    const rhoInf = 2 / (1 - h.beta2) - 1;
    const c1 = 1 - Math.pow(h.beta1, t);
    const c2 = 1 - Math.pow(h.beta2, t);
    const rhoT = rhoInf - (2 * t * Math.pow(h.beta2, t)) / c2;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + h.weightDecay * p[i];
      m[i] = h.beta1 * m[i] + (1 - h.beta1) * gi;
      v[i] = h.beta2 * v[i] + (1 - h.beta2) * gi * gi;
      const mHat = m[i] / c1;
      if (rhoT > 5) {
        const r = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        p[i] = p[i] - lr * mHat * r * (Math.sqrt(c2) / (Math.sqrt(v[i]) + h.epsilon));
      } else {
        p[i] = p[i] - lr * mHat;
      }
    }
  },
};
