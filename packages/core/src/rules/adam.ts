import { boolean } from '../fields';
import { decayField, epsilonField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf, type StepInfo, type WeightDecayKind } from './rule';

/** The first and second moments of the Adam family, and their bias corrections. */
export function adamMomentCoefficients(h: { beta1: number; beta2: number; epsilon: number }, { t, lr }: StepInfo, biasCorrection: boolean) {
  return {
    beta1: h.beta1,
    oneMinusBeta1: 1 - h.beta1,
    beta2: h.beta2,
    oneMinusBeta2: 1 - h.beta2,
    /** lr / (1 − β1^t), or lr without bias correction. */
    stepSize: biasCorrection ? lr / (1 - h.beta1 ** t) : lr,
    /** 1 / √(1 − β2^t), or 1 without bias correction. */
    denominatorScale: biasCorrection ? 1 / Math.sqrt(1 - h.beta2 ** t) : 1,
    epsilon: h.epsilon,
  };
}

function adamFamily<T extends 'adam' | 'adamw'>(type: T, displayName: string, decay: WeightDecayKind, summary: string) {
  return defineRule({
    type,
    displayName,
    summary,
    fields: {
      learningRate: learningRateField(1e-3),
      beta1: decayField(0.9, 'Decay of the first moment.'),
      beta2: decayField(0.999, 'Decay of the second moment.'),
      epsilon: epsilonField(1e-8),
      weightDecay: weightDecayField(decay, decay === 'decoupled' ? 0.01 : 0),
      amsgrad: { default: false, check: boolean, doc: 'Use the running maximum of the second moment (AMSGrad).' },
      biasCorrection: { default: true, check: boolean, doc: 'Divide the moments by 1 − β^t; false gives the lecture\'s "vanilla" Adam.' },
    },
    weightDecay: decay,
    slots: (h) => (h.amsgrad ? ['m' as const, 'v' as const, 'vMax' as const] : ['m' as const, 'v' as const]),
    nonNegativeSlots: ['v', 'vMax'],
    coefficients: (h, step) => adamMomentCoefficients(h, step, h.biasCorrection),
    update({ param, grad, slots, c }, h) {
      const m = movingAverage(slots.m, grad, c.beta1, c.oneMinusBeta1);
      const v = movingAverage(slots.v, grad.square(), c.beta2, c.oneMinusBeta2);
      const used = h.amsgrad ? slots.vMax.max(v) : v;
      const step = c.stepSize.mul(m).div(used.sqrt().mul(c.denominatorScale).add(c.epsilon));
      return { param: param.sub(step), slots: h.amsgrad ? { m, v, vMax: used } : { m, v } };
    },
  });
}

/** torch.optim.Adam, plus the lecture's Adam without bias correction (`biasCorrection: false`). */
export const adam = adamFamily('adam', 'Adam', 'coupled', 'Adam (Kingma & Ba), with AMSGrad and the uncorrected form as flags (torch.optim.Adam).');

/** torch.optim.AdamW: the parameter decays by 1 − lr·weightDecay, then takes the Adam step. */
export const adamw = adamFamily('adamw', 'AdamW', 'decoupled', 'Adam with decoupled weight decay (Loshchilov & Hutter; torch.optim.AdamW).');

/** `{ type: "adam" }`: Adam. */
export type AdamConfig = ConfigOf<typeof adam>;
/** `{ type: "adamw" }`: Adam with decoupled weight decay. */
export type AdamWConfig = ConfigOf<typeof adamw>;
/** The resolved hyperparameters of adam and adamw. */
export type AdamHyperparameters = HyperparametersOf<typeof adam>;
