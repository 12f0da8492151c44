import { boolean, nonNegative, positive, unitInterval, type Fields } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "adam" }`: Adam (Kingma & Ba), with AMSGrad and the lecture's uncorrected form as flags. */
export interface AdamConfig {
  type: 'adam';
  /** Step size. Default 1e-3. */
  learningRate?: number;
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-8. */
  epsilon?: number;
  /** Coupled L2 weight decay: g ← g + weightDecay·p. Default 0. */
  weightDecay?: number;
  /** Use the running maximum of the second moment (AMSGrad). Default false. */
  amsgrad?: boolean;
  /** Divide the moments by 1 − β^t. false gives the lecture's "vanilla" Adam. Default true. */
  biasCorrection?: boolean;
}

/** `{ type: "adamw" }`: Adam with decoupled weight decay (Loshchilov & Hutter). */
export interface AdamWConfig extends Omit<AdamConfig, 'type'> {
  type: 'adamw';
  /** Decoupled decay: p ← p·(1 − lr·weightDecay) before the Adam step. Default 0.01. */
  weightDecay?: number;
}

/** The resolved hyperparameters of adam and adamw. */
export type AdamHyperparameters = Required<Omit<AdamConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface AdamCoefficients {
  beta1: number;
  beta2: number;
  /** lr / (1 − β1^t), or lr without bias correction. */
  stepSize: number;
  /** 1 / √(1 − β2^t), or 1 without bias correction. */
  denominatorScale: number;
  epsilon: number;
  /** Coupled decay added to the gradient. */
  gradientDecay: number;
  /** Factor applied to the parameter first: 1 − lr·weightDecay for adamw, else 1. */
  parameterScale: number;
}

function adamFields(weightDecay: number): Fields<AdamHyperparameters> {
  return {
    learningRate: { default: 1e-3, check: nonNegative },
    beta1: { default: 0.9, check: unitInterval },
    beta2: { default: 0.999, check: unitInterval },
    epsilon: { default: 1e-8, check: positive },
    weightDecay: { default: weightDecay, check: nonNegative },
    amsgrad: { default: false, check: boolean },
    biasCorrection: { default: true, check: boolean },
  };
}

function adamFamily(type: 'adam' | 'adamw', decoupled: boolean): RuleDefinition<AdamHyperparameters, AdamCoefficients> {
  return {
    type,
    fields: adamFields(decoupled ? 0.01 : 0),
    slots: (h) => (h.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v']),
    initialScalars: () => ({}),
    coefficients(h, { t, lr }) {
      const correct = h.biasCorrection;
      return {
        beta1: h.beta1,
        beta2: h.beta2,
        stepSize: correct ? lr / (1 - h.beta1 ** t) : lr,
        denominatorScale: correct ? 1 / Math.sqrt(1 - h.beta2 ** t) : 1,
        epsilon: h.epsilon,
        gradientDecay: decoupled ? 0 : h.weightDecay,
        parameterScale: decoupled ? 1 - lr * h.weightDecay : 1,
      };
    },
    kernel(p, g, slots, c) {
      const n = p.length;
      const [m, v] = slots;
      const b1 = c.beta1;
      const b2 = c.beta2;
      const a1 = 1 - b1;
      const a2 = 1 - b2;
      const { stepSize, denominatorScale: ds, epsilon: eps, gradientDecay: wd, parameterScale: keep } = c;
      if (slots.length === 3) {
        const vMax = slots[2];
        for (let i = 0; i < n; i++) {
          const pi = p[i] * keep;
          const gi = g[i] + wd * p[i];
          const mi = b1 * m[i] + a1 * gi;
          const vi = b2 * v[i] + a2 * gi * gi;
          const vm = vi > vMax[i] ? vi : vMax[i];
          m[i] = mi;
          v[i] = vi;
          vMax[i] = vm;
          p[i] = pi - (stepSize * mi) / (Math.sqrt(vm) * ds + eps);
        }
        return;
      }
      if (wd === 0 && keep === 1) {
        for (let i = 0; i < n; i++) {
          const gi = g[i];
          const mi = b1 * m[i] + a1 * gi;
          const vi = b2 * v[i] + a2 * gi * gi;
          m[i] = mi;
          v[i] = vi;
          p[i] -= (stepSize * mi) / (Math.sqrt(vi) * ds + eps);
        }
        return;
      }
      for (let i = 0; i < n; i++) {
        const pi = p[i];
        const gi = g[i] + wd * pi;
        const mi = b1 * m[i] + a1 * gi;
        const vi = b2 * v[i] + a2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = pi * keep - (stepSize * mi) / (Math.sqrt(vi) * ds + eps);
      }
    },
    reference(p, g, { slots }, h, { t, lr }) {
      const { m, v, vMax } = slots;
      for (let i = 0; i < p.length; i++) {
        let gi = g[i];
        if (decoupled) p[i] = p[i] * (1 - lr * h.weightDecay);
        else gi = gi + h.weightDecay * p[i];
        m[i] = h.beta1 * m[i] + (1 - h.beta1) * gi;
        v[i] = h.beta2 * v[i] + (1 - h.beta2) * gi * gi;
        let vUsed = v[i];
        if (h.amsgrad) {
          vMax[i] = Math.max(vMax[i], v[i]);
          vUsed = vMax[i];
        }
        if (h.biasCorrection) {
          const c1 = 1 - Math.pow(h.beta1, t);
          const c2 = 1 - Math.pow(h.beta2, t);
          p[i] = p[i] - (lr / c1) * (m[i] / (Math.sqrt(vUsed) / Math.sqrt(c2) + h.epsilon));
        } else {
          p[i] = p[i] - lr * (m[i] / (Math.sqrt(vUsed) + h.epsilon));
        }
      }
    },
  };
}

/** torch.optim.Adam, plus the lecture's Adam without bias correction (`biasCorrection: false`). */
export const adam = adamFamily('adam', false);

/** torch.optim.AdamW: the parameter decays by 1 − lr·weightDecay, then takes the Adam step. */
export const adamw = adamFamily('adamw', true);
