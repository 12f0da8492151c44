import { nonNegative, nonNegativeInteger, openUnitInterval } from '../fields';
import { select, type Value } from './expression';
import { decayField, epsilonField, learningRateField, movingAverage, weightDecayField } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf, type StepInfo } from './rule';

/** The fields both schedule-free rules share: warm-up and the weighting of the average x. */
const scheduleFields = {
  warmupSteps: { default: 0, check: nonNegativeInteger, doc: 'Steps of linear warm-up: step k (from 0) uses lr·(k + 1)/warmupSteps.' },
  r: { default: 0, check: nonNegative, doc: 'Polynomial weighting of the average: iterate k weighs (k + 1)^r.' },
  weightLrPower: { default: 2, check: nonNegative, doc: 'The weight of an iterate also has the largest rate so far to this power.' },
};

/**
 * The per-step numbers of schedule-free training, as the authors' step computes them for a
 * parameter group (here per tensor): the warmed-up rate lr_k, the running maximum rate,
 * the weight of this iterate, their running sum, and c = weight/sum, the share of z in x.
 * `scalars` keeps lrMax and weightSum between steps.
 */
function averagingCoefficients(h: { warmupSteps: number; r: number; weightLrPower: number }, { t, lr }: StepInfo, beta: number, scalars: Record<string, number>) {
  const k = t - 1;
  const rate = k < h.warmupSteps ? (lr * (k + 1)) / h.warmupSteps : lr;
  const lrMax = Math.max(t === 1 ? -1 : scalars.lrMax, rate);
  const weight = Math.pow(k + 1, h.r) * Math.pow(lrMax, h.weightLrPower);
  const weightSum = (t === 1 ? 0 : scalars.weightSum) + weight;
  scalars.lrMax = lrMax;
  scalars.weightSum = weightSum;
  const c = weightSum === 0 ? 0 : weight / weightSum;
  return { firstStep: t === 1 ? 1 : 0, rate, share: c, yStep: rate * (beta * (1 - c) - 1) };
}

/**
 * One schedule-free step on y (the parameter) given the direction `direction`: z starts at
 * the parameter; `y ← y + c·(z − y) + lr_k·(β·(1 − c) − 1)·direction`, `z ← z − lr_k·direction`.
 */
function scheduleFreeStep(param: Value, z: Value, direction: Value, c: { firstStep: Value; share: Value; yStep: Value; rate: Value }) {
  const zBefore = select(c.firstStep.gt(0), param, z);
  const y = param.add(zBefore.sub(param).mul(c.share)).add(direction.mul(c.yStep));
  return { param: y, z: zBefore.sub(direction.mul(c.rate)) };
}

/** The evaluation point x = y + (1 − 1/β)·(z − y): what the authors' `eval()` puts in the parameters. */
function evaluationAt(beta: number) {
  return { slot: 'z' as const, paramWeight: 1 / beta, slotWeight: 1 - 1 / beta };
}

/**
 * Schedule-Free AdamW (Defazio et al. 2024, "The Road Less Scheduled"), as the authors'
 * AdamWScheduleFree (github.com/facebookresearch/schedule_free, adamw_schedulefree.py).
 * The parameters hold y, the point gradients are taken at; the state holds z and the
 * second moment v. With `d = g/(√(v/(1 − β2^t)) + ε) + weightDecay·y` (decay taken at y):
 * `y ← y + c·(z − y) + lr_k·(β1·(1 − c) − 1)·d`, `z ← z − lr_k·d`, where c is this
 * iterate's share of the weighted average x = y + (1 − 1/β1)·(z − y), the point to
 * evaluate and save at (the rule's evaluation point, read like EMA weights).
 */
export const scheduleFreeAdamW = defineRule({
  type: 'scheduleFreeAdamW',
  displayName: 'ScheduleFreeAdamW',
  summary: 'Schedule-Free AdamW: no learning-rate schedule; trains y and evaluates at the weighted average x (Defazio et al. 2024, the authors\' AdamWScheduleFree).',
  fields: {
    learningRate: learningRateField(0.0025),
    beta1: { default: 0.9, check: openUnitInterval, doc: 'Interpolation between z and x where gradients are taken (y = β1·x + (1 − β1)·z).' },
    beta2: decayField(0.999, 'Decay of the second moment.'),
    epsilon: epsilonField(1e-8),
    weightDecay: { ...weightDecayField('coupled'), doc: 'Weight decay taken at y and added to the normalised gradient: d ← d + weightDecay·y.' },
    ...scheduleFields,
  },
  slots: () => ['z' as const, 'v' as const],
  nonNegativeSlots: ['v'],
  coefficients: (h, step, scalars) => ({
    ...averagingCoefficients(h, step, h.beta1, scalars),
    beta2: h.beta2,
    oneMinusBeta2: 1 - h.beta2,
    denominatorScale: 1 / Math.sqrt(1 - h.beta2 ** step.t),
    epsilon: h.epsilon,
    weightDecay: h.weightDecay,
  }),
  update({ param, grad, slots, c }, h) {
    const v = movingAverage(slots.v, grad.square(), c.beta2, c.oneMinusBeta2);
    const normalized = grad.div(v.sqrt().mul(c.denominatorScale).add(c.epsilon));
    const direction = h.weightDecay === 0 ? normalized : normalized.add(param.mul(c.weightDecay));
    const { param: y, z } = scheduleFreeStep(param, slots.z, direction, c);
    return { param: y, slots: { z, v } };
  },
  evaluationPoint: (h) => evaluationAt(h.beta1),
});

/**
 * Schedule-Free SGD (Defazio et al. 2024), as the authors' SGDScheduleFree
 * (sgd_schedulefree.py): with `d = g + weightDecay·y`, `y ← y + c·(z − y) +
 * lr_k·(momentum·(1 − c) − 1)·d`, `z ← z − lr_k·d`; evaluate at
 * x = y + (1 − 1/momentum)·(z − y).
 */
export const scheduleFreeSgd = defineRule({
  type: 'scheduleFreeSgd',
  displayName: 'ScheduleFreeSgd',
  summary: 'Schedule-Free SGD: momentum through averaging, no learning-rate schedule (Defazio et al. 2024, the authors\' SGDScheduleFree).',
  fields: {
    learningRate: learningRateField(1, 'Step size (the authors\' default 1; typically 10–50× the rate of SGD with a schedule).'),
    momentum: { default: 0.9, check: openUnitInterval, doc: 'Interpolation between z and x where gradients are taken (y = momentum·x + (1 − momentum)·z).' },
    weightDecay: weightDecayField('coupled'),
    ...scheduleFields,
  },
  weightDecay: 'coupled',
  slots: () => ['z' as const],
  coefficients: (h, step, scalars) => averagingCoefficients(h, step, h.momentum, scalars),
  update({ param, grad, slots, c }) {
    const { param: y, z } = scheduleFreeStep(param, slots.z, grad, c);
    return { param: y, slots: { z } };
  },
  evaluationPoint: (h) => evaluationAt(h.momentum),
});

/** `{ type: "scheduleFreeAdamW" }`: Schedule-Free AdamW. */
export type ScheduleFreeAdamWConfig = ConfigOf<typeof scheduleFreeAdamW>;
/** The resolved hyperparameters of scheduleFreeAdamW. */
export type ScheduleFreeAdamWHyperparameters = HyperparametersOf<typeof scheduleFreeAdamW>;
/** `{ type: "scheduleFreeSgd" }`: Schedule-Free SGD. */
export type ScheduleFreeSgdConfig = ConfigOf<typeof scheduleFreeSgd>;
/** The resolved hyperparameters of scheduleFreeSgd. */
export type ScheduleFreeSgdHyperparameters = HyperparametersOf<typeof scheduleFreeSgd>;
