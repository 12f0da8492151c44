import type {
  AdadeltaCoefficients,
  AdagradCoefficients,
  AdamCoefficients,
  AdamaxCoefficients,
  LionCoefficients,
  NadamCoefficients,
  RadamCoefficients,
  RmspropCoefficients,
  SgdCoefficients,
} from '../rules';
import type { FirstOrderRuleType } from '../rules';
import type { SimdKernels } from './kernels';

/**
 * Runs one rule's SIMD kernel: `p`, `g` and `slots` are byte offsets of the chunk in
 * the kernels' memory (slots in the order `rule.slots(h)` names them), `n` a multiple
 * of 4, `c` the rule's coefficients.
 */
export type SimdBinding = (k: SimdKernels, p: number, g: number, slots: readonly number[], n: number, c: object) => void;

const sgd: SimdBinding = (k, p, g, slots, n, coefficients) => {
  const c = coefficients as SgdCoefficients;
  if (slots.length === 0) return k.sgd(p, g, n, c.lr, c.weightDecay);
  const keep = c.first ? 0 : c.momentum;
  k.sgdMomentum(p, g, slots[0], n, c.lr, c.weightDecay, keep, c.gradientScale, c.nesterov ? 1 : 0, c.nesterov ? c.momentum : 1);
};

const adagrad: SimdBinding = (k, p, g, [s], n, coefficients) => {
  const c = coefficients as AdagradCoefficients;
  k.adagrad(p, g, s, n, c.stepSize, c.weightDecay, c.epsilon);
};

const rmsprop: SimdBinding = (k, p, g, slots, n, coefficients) => {
  const c = coefficients as RmspropCoefficients;
  const average = c.centered ? slots[1] : 0;
  const buffer = c.momentum > 0 ? slots[slots.length - 1] : 0;
  k.rmsprop(p, g, slots[0], average, buffer, n, c.lr, c.decay, 1 - c.decay, c.epsilon, c.weightDecay, c.momentum, c.centered ? 1 : 0, c.momentum > 0 ? 1 : 0);
};

const adam: SimdBinding = (k, p, g, slots, n, coefficients) => {
  const c = coefficients as AdamCoefficients;
  const amsgrad = slots.length === 3;
  k.adam(p, g, slots[0], slots[1], amsgrad ? slots[2] : 0, n, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.stepSize, c.denominatorScale, c.epsilon, c.gradientDecay, c.parameterScale, amsgrad ? 1 : 0);
};

const adamax: SimdBinding = (k, p, g, [m, u], n, coefficients) => {
  const c = coefficients as AdamaxCoefficients;
  k.adamax(p, g, m, u, n, c.beta1, 1 - c.beta1, c.beta2, c.stepSize, c.epsilon, c.weightDecay);
};

const nadam: SimdBinding = (k, p, g, [m, v], n, coefficients) => {
  const c = coefficients as NadamCoefficients;
  k.nadam(p, g, m, v, n, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.gradientStep, c.momentStep, c.denominatorScale, c.epsilon, c.weightDecay);
};

const radam: SimdBinding = (k, p, g, [m, v], n, coefficients) => {
  const c = coefficients as RadamCoefficients;
  k.radam(p, g, m, v, n, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.stepSize, c.epsilon, c.weightDecay, c.rectified ? 1 : 0);
};

const adadelta: SimdBinding = (k, p, g, [s, u], n, coefficients) => {
  const c = coefficients as AdadeltaCoefficients;
  k.adadelta(p, g, s, u, n, c.lr, c.rho, 1 - c.rho, c.epsilon, c.weightDecay);
};

const lion: SimdBinding = (k, p, g, [m], n, coefficients) => {
  const c = coefficients as LionCoefficients;
  k.lion(p, g, m, n, c.lr, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.parameterScale);
};

/** The SIMD kernel call of every first-order rule. */
export const simdBindings: Readonly<Record<FirstOrderRuleType, SimdBinding>> = {
  sgd,
  adagrad,
  rmsprop,
  adam,
  adamw: adam,
  adamax,
  nadam,
  radam,
  adadelta,
  lion,
};
