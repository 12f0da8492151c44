import { DescentError } from '../errors';
import { nonNegative, openUnitInterval, type Check } from '../fields';
import { select } from './expression';
import { learningRateField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/** A finite number > 1: the factor that grows a step size. */
const aboveOne: Check<number> = {
  allowed: 'a finite number > 1',
  test: (v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 1,
};

/**
 * torch.optim.Rprop (resilient backpropagation, Riedmiller & Braun 1993), its
 * single-tensor form: per element a step size η and the previous gradient q. With
 * `s = sign(g·q)`: `η ← clamp(η·(s > 0 ? etaPlus : s < 0 ? etaMinus : 1), stepSizeMin,
 * stepSizeMax)`; where `s < 0` the gradient counts as 0; `p ← p − sign(g)·η`; `q ← g`.
 * η starts at the learning rate of the tensor's first step (torch fills it with the
 * group's lr when it first sees the tensor); later learning rates, from a schedule or
 * otherwise, do not change it.
 */
export const rprop = defineRule({
  type: 'rprop',
  summary: 'Rprop: per-element step sizes that grow while the gradient keeps its sign and shrink when it flips; steps by the sign alone (torch.optim.Rprop).',
  fields: {
    learningRate: learningRateField(0.01, 'Initial step size of every element.'),
    etaMinus: { default: 0.5, check: openUnitInterval, doc: 'Factor that shrinks a step size when the gradient changes sign.' },
    etaPlus: { default: 1.2, check: aboveOne, doc: 'Factor that grows a step size while the gradient keeps its sign.' },
    stepSizeMin: { default: 1e-6, check: nonNegative, doc: 'Smallest step size.' },
    stepSizeMax: { default: 50, check: nonNegative, doc: 'Largest step size.' },
  },
  refine(h, where) {
    if (h.stepSizeMin > h.stepSizeMax) {
      throw new DescentError(`${where}.stepSizeMin`, h.stepSizeMin, `a number ≤ stepSizeMax (${h.stepSizeMax})`);
    }
  },
  slots: () => ['stepSize' as const, 'previousGradient' as const],
  nonNegativeSlots: ['stepSize'],
  coefficients: (h, { t, lr }) => ({
    firstStep: t === 1 ? 1 : 0,
    lr,
    etaPlus: h.etaPlus,
    etaMinus: h.etaMinus,
    stepSizeMin: h.stepSizeMin,
    stepSizeMax: h.stepSizeMax,
  }),
  update({ param, grad, slots, c }) {
    const previousStepSize = select(c.firstStep.gt(0), c.lr, slots.stepSize);
    const agreement = grad.mul(slots.previousGradient);
    const factor = select(agreement.gt(0), c.etaPlus, select(agreement.lt(0), c.etaMinus, 1));
    const stepSize = previousStepSize.mul(factor).clamp(c.stepSizeMin, c.stepSizeMax);
    const kept = select(agreement.lt(0), 0, grad);
    return { param: param.sub(kept.sign().mul(stepSize)), slots: { stepSize, previousGradient: kept } };
  },
});

/** `{ type: "rprop" }`: Rprop. */
export type RpropConfig = ConfigOf<typeof rprop>;
/** The resolved hyperparameters of rprop. */
export type RpropHyperparameters = HyperparametersOf<typeof rprop>;
