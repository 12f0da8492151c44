import { boolean, finite, nonNegative, oneOf, type Check } from '../fields';
import { adamMomentCoefficients } from './adam';
import { orthogonalize } from './expression';
import { decayField, epsilonField, learningRateField, movingAverage } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/** An integer in [1, 99]: Newton–Schulz steps (torch refuses 100 or more). */
const newtonSchulzSteps: Check<number> = {
  allowed: 'an integer from 1 to 99',
  test: (v): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) < 100,
};

/** The learning rate of a matrix of this shape (rows × columns, as stored), as torch's adjust_lr_fn. */
function adjustedRate(lr: number, shape: readonly number[], adjust: 'original' | 'matchRmsAdamw'): number {
  const [rows, columns] = shape;
  return adjust === 'original' ? lr * Math.sqrt(Math.max(1, rows / columns)) : lr * 0.2 * Math.sqrt(Math.max(rows, columns));
}

/**
 * torch.optim.Muon (Jordan et al. 2024) for matrices, AdamW for every other tensor (torch's
 * Muon takes matrices only; its documentation hands the rest to AdamW). A matrix keeps the
 * momentum `b ← μ·b + (1 − μ)·g`; its direction `(1 − μ)·g + μ·b` with Nesterov, else `b`,
 * is orthogonalized by the Newton–Schulz iteration to O; `p ← p·(1 − lr·wd) − lr'·O` with
 * `lr' = lr·√max(1, rows/columns)` ("original") or `0.2·lr·√max(rows, columns)`
 * ("matchRmsAdamw"). torch runs the iteration in bfloat16; here it runs in float64 on the
 * host and float32 on tfjs devices.
 */
export const muon = defineRule({
  type: 'muon',
  summary: 'Muon (Jordan et al. 2024): momentum orthogonalized by Newton–Schulz for matrices, AdamW for other tensors (torch.optim.Muon).',
  fields: {
    learningRate: learningRateField(1e-3),
    weightDecay: { default: 0.1, check: nonNegative, doc: 'Decoupled weight decay: p ← p·(1 − lr·weightDecay), for matrices and the AdamW tensors.' },
    momentum: decayField(0.95, 'Momentum μ of the matrices.'),
    nesterov: { default: true, check: boolean, doc: 'Orthogonalize (1 − μ)·g + μ·b instead of the momentum b.' },
    nsA: { default: 3.4445, check: finite, doc: 'Newton–Schulz coefficient a.' },
    nsB: { default: -4.775, check: finite, doc: 'Newton–Schulz coefficient b.' },
    nsC: { default: 2.0315, check: finite, doc: 'Newton–Schulz coefficient c.' },
    nsSteps: { default: 5, check: newtonSchulzSteps, doc: 'Newton–Schulz iterations.' },
    epsilon: epsilonField(1e-7, 'Smallest norm the matrix is divided by before the iteration.'),
    adjustLearningRate: {
      default: 'original' as 'original' | 'matchRmsAdamw',
      check: oneOf('original', 'matchRmsAdamw'),
      doc: 'Rate of a matrix: "original" lr·√max(1, rows/columns), "matchRmsAdamw" 0.2·lr·√max(rows, columns).',
    },
    adamBeta1: decayField(0.9, 'AdamW first-moment decay, for tensors that are not matrices.'),
    adamBeta2: decayField(0.999, 'AdamW second-moment decay, for tensors that are not matrices.'),
    adamEpsilon: epsilonField(1e-8, 'AdamW ε, for tensors that are not matrices.'),
  },
  slots: (_h, rank: number) => (rank === 2 ? ['momentumBuffer' as const] : ['m' as const, 'v' as const]),
  nonNegativeSlots: ['v'],
  coefficients: (h, step) => ({
    ...adamMomentCoefficients({ beta1: h.adamBeta1, beta2: h.adamBeta2, epsilon: h.adamEpsilon }, step, true),
    momentum: h.momentum,
    oneMinusMomentum: 1 - h.momentum,
    matrixRate: step.shape.length === 2 ? adjustedRate(step.lr, step.shape, h.adjustLearningRate) : 0,
    decayFactor: 1 - step.lr * h.weightDecay,
  }),
  update({ param, grad, slots, c, rank }, h) {
    const decayed = h.weightDecay === 0 ? param : param.mul(c.decayFactor);
    if (rank !== 2) {
      const m = movingAverage(slots.m, grad, c.beta1, c.oneMinusBeta1);
      const v = movingAverage(slots.v, grad.square(), c.beta2, c.oneMinusBeta2);
      const step = c.stepSize.mul(m).div(v.sqrt().mul(c.denominatorScale).add(c.epsilon));
      return { param: decayed.sub(step), slots: { m, v } };
    }
    const buffer = movingAverage(slots.momentumBuffer, grad, c.momentum, c.oneMinusMomentum);
    const direction = h.nesterov ? movingAverage(grad, buffer, c.oneMinusMomentum, c.momentum) : buffer;
    const orthogonal = orthogonalize(direction, { steps: h.nsSteps, a: h.nsA, b: h.nsB, c: h.nsC, epsilon: h.epsilon });
    return { param: decayed.sub(c.matrixRate.mul(orthogonal)), slots: { momentumBuffer: buffer } };
  },
});

/** `{ type: "muon" }`: Muon. */
export type MuonConfig = ConfigOf<typeof muon>;
/** The resolved hyperparameters of muon. */
export type MuonHyperparameters = HyperparametersOf<typeof muon>;
