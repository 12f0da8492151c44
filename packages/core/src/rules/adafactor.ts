import type { Check } from '../fields';
import { nonNegative } from '../fields';
import { columnSum, norm, rowSum, type Value } from './expression';
import { learningRateField, movingAverage } from './moments';
import { defineRule, type ConfigOf, type HyperparametersOf } from './rule';

/** A finite number ≤ 0: the exponent of Adafactor's β2 schedule. */
const nonPositive: Check<number> = {
  allowed: 'a finite number ≤ 0',
  test: (v): v is number => typeof v === 'number' && Number.isFinite(v) && v <= 0,
};

/** A finite number ≥ 1: Adafactor's clipping threshold. */
const atLeastOne: Check<number> = {
  allowed: 'a finite number ≥ 1',
  test: (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 1,
};

/**
 * torch.optim.Adafactor (Shazeer & Stern 2018), per tensor at step t, with w = t^beta2Decay:
 * the second moment of a matrix (the last two axes; leading axes index several) is kept
 * factored, one value per row `R ← R + w·(mean over columns of g² − R)` and one per column
 * `C` likewise, and estimated as `V = R·C / max(mean over rows of R, epsilon1)`; a tensor of
 * rank < 2 keeps `V ← V + w·(g² − V)` per element. Then `u = g/√max(V, epsilon1²)`, the
 * relative step `ρ = min(lr, 1/√t)`, `α = max(epsilon2, RMS(p))·ρ` (of p before decay), and
 * `p ← p·(1 − lr·weightDecay) − α/max(1, RMS(u)/clipThreshold)·u`.
 */
export const adafactor = defineRule({
  type: 'adafactor',
  summary: 'Adafactor (Shazeer & Stern 2018): factored second moments for matrices, relative step sizes, update clipping (torch.optim.Adafactor).',
  fields: {
    learningRate: learningRateField(1e-2, 'Largest relative step size ρ (and the scale of weight decay).'),
    beta2Decay: { default: -0.8, check: nonPositive, doc: 'Exponent of the second-moment schedule: the new value weighs t^beta2Decay.' },
    epsilon1: {
      default: 2 ** -23,
      check: nonNegative,
      doc: "Floor of the variance estimate and its row mean (torch's default for float32 parameters, their machine epsilon).",
    },
    epsilon2: { default: 1e-3, check: nonNegative, doc: 'Smallest parameter RMS the step is scaled by.' },
    clipThreshold: { default: 1, check: atLeastOne, doc: 'Update clipping: the update is divided by max(1, RMS(u)/clipThreshold) (torch d).' },
    weightDecay: { default: 0, check: nonNegative, doc: 'Decoupled weight decay: p ← p·(1 − lr·weightDecay) before the step.' },
  },
  slots: (_h, rank: number) => (rank >= 2 ? ['rowVariance' as const, 'columnVariance' as const] : ['variance' as const]),
  slotExtent: { rowVariance: 'row', columnVariance: 'column' },
  nonNegativeSlots: ['rowVariance', 'columnVariance', 'variance'],
  coefficients: (h, { t, lr, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const weight = t ** h.beta2Decay;
    return {
      beta2: 1 - weight,
      weight,
      inverseRows: 1 / (shape.length >= 2 ? shape[shape.length - 2] : 1),
      inverseColumns: 1 / (shape.length >= 2 ? shape[shape.length - 1] : 1),
      inverseRootSize: 1 / Math.sqrt(size),
      rho: Math.min(lr, 1 / Math.sqrt(t)),
      epsilon1: h.epsilon1,
      epsilon1Squared: h.epsilon1 * h.epsilon1,
      epsilon2: h.epsilon2,
      clipThreshold: h.clipThreshold,
      decayFactor: 1 - lr * h.weightDecay,
    };
  },
  update({ param, grad, slots, c, rank }, h) {
    const squared = grad.square();
    let variance: Value;
    let state: { rowVariance: Value; columnVariance: Value } | { variance: Value };
    if (rank >= 2) {
      const rows = movingAverage(slots.rowVariance, rowSum(squared).mul(c.inverseColumns), c.beta2, c.weight);
      const columns = movingAverage(slots.columnVariance, columnSum(squared).mul(c.inverseRows), c.beta2, c.weight);
      variance = rows.mul(columns).div(columnSum(rows).mul(c.inverseRows).max(c.epsilon1));
      state = { rowVariance: rows, columnVariance: columns };
    } else {
      variance = movingAverage(slots.variance, squared, c.beta2, c.weight);
      state = { variance };
    }
    const u = grad.div(variance.max(c.epsilon1Squared).sqrt());
    const alpha = norm(param).mul(c.inverseRootSize).max(c.epsilon2).mul(c.rho);
    const clip = norm(u).mul(c.inverseRootSize).div(c.clipThreshold).max(1);
    const decayed = h.weightDecay === 0 ? param : param.mul(c.decayFactor);
    return { param: decayed.sub(alpha.div(clip).mul(u)), slots: state };
  },
});

/** `{ type: "adafactor" }`: Adafactor. */
export type AdafactorConfig = ConfigOf<typeof adafactor>;
/** The resolved hyperparameters of adafactor. */
export type AdafactorHyperparameters = HyperparametersOf<typeof adafactor>;
