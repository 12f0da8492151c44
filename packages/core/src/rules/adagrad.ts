import { nonNegative, positive } from '../fields';
import type { RuleDefinition } from './rule';

/** `{ type: "adagrad" }`: AdaGrad (Duchi et al.), per-element steps shrinking with the summed squared gradient. */
export interface AdagradConfig {
  type: 'adagrad';
  /** Step size. Default 0.01. */
  learningRate?: number;
  /** Decay of the step size: lr / (1 + (t − 1)·lrDecay). Default 0. */
  lrDecay?: number;
  /** Coupled L2 weight decay. Default 0. */
  weightDecay?: number;
  /** Starting value of the squared-gradient sum. Default 0. */
  initialAccumulatorValue?: number;
  /** Added to the square root of the sum. Default 1e-10. */
  epsilon?: number;
}

/** The resolved hyperparameters of adagrad. */
export type AdagradHyperparameters = Required<Omit<AdagradConfig, 'type'>>;

/** The per-step scalars of the rule's element-wise update, from `coefficients`. */
export interface AdagradCoefficients {
  stepSize: number;
  weightDecay: number;
  epsilon: number;
}

/** torch.optim.Adagrad: `s ← s + g²`, `p ← p − clr·g/(√s + ε)`. */
export const adagrad: RuleDefinition<AdagradHyperparameters, AdagradCoefficients> = {
  type: 'adagrad',
  fields: {
    learningRate: { default: 0.01, check: nonNegative },
    lrDecay: { default: 0, check: nonNegative },
    weightDecay: { default: 0, check: nonNegative },
    initialAccumulatorValue: { default: 0, check: nonNegative },
    epsilon: { default: 1e-10, check: positive },
  },
  slots: () => ['sum'],
  initialSlotValue: (h) => h.initialAccumulatorValue,
  initialScalars: () => ({}),
  coefficients: (h, { t, lr }) => ({
    stepSize: lr / (1 + (t - 1) * h.lrDecay),
    weightDecay: h.weightDecay,
    epsilon: h.epsilon,
  }),
  kernel(p, g, [s], { stepSize, weightDecay: wd, epsilon: eps }) {
    for (let i = 0, n = p.length; i < n; i++) {
      const gi = g[i] + wd * p[i];
      const si = s[i] + gi * gi;
      s[i] = si;
      p[i] -= (stepSize * gi) / (Math.sqrt(si) + eps);
    }
  },
  reference(p, g, { slots }, h, { t, lr }) {
    const s = slots.sum;
    const clr = lr / (1 + (t - 1) * h.lrDecay);
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + h.weightDecay * p[i];
      s[i] = s[i] + gi * gi;
      p[i] = p[i] - clr * (gi / (Math.sqrt(s[i]) + h.epsilon));
    }
  },
};
