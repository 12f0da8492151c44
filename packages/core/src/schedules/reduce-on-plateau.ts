import { DescentError } from '../errors';
import { isPlainObject, nonNegative, nonNegativeInteger, oneOf, openUnitInterval } from '../fields';
import type { Json, Schedule, ScheduleDefinition } from './schedule';

/** `{ type: "reduceOnPlateau" }`: cut the rate when a reported metric stops improving (torch ReduceLROnPlateau). */
export interface ReduceOnPlateauScheduleConfig {
  type: 'reduceOnPlateau';
  /** Factor per reduction, in (0, 1). Default 0.1. */
  factor?: number;
  /** Reports without improvement tolerated before a reduction. Default 10. */
  patience?: number;
  /** The least change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** "rel": relative to the best; "abs": absolute. Default "rel". */
  thresholdMode?: 'rel' | 'abs';
  /** Reports ignored after a reduction. Default 0. */
  cooldown?: number;
  /** The rate never goes below this. Default 0. */
  minLearningRate?: number;
  /** "min" when lower metrics are better (a loss), "max" when higher are (an accuracy). Default "min". */
  mode?: 'min' | 'max';
}

type PlateauFields = Required<Omit<ReduceOnPlateauScheduleConfig, 'type'>>;

/** The smallest reduction torch applies (its `eps`). */
const SMALLEST_REDUCTION = 1e-8;

type PlateauState = {
  /** How many times the rate was cut. */
  reductions: number;
  best: number | null;
  badReports: number;
  cooldownLeft: number;
};

/** Cuts applied one by one, exactly as torch multiplies; any further ones are taken in closed form. */
const EXACT_REDUCTIONS = 10_000;

/**
 * The rate after `reductions` cuts of `lr0`, each as torch makes it for a param group:
 * max(lr·factor, minLearningRate), applied only when it lowers lr by more than 1e-8.
 * Computed from each tensor's own lr0, so groups with their own rate get their own floor.
 * Bounded work for any count: past EXACT_REDUCTIONS cuts the rest is lr·factorⁿ, n being
 * the cuts that still lower the rate by more than 1e-8 (equal to the loop up to rounding).
 */
function reducedRate(h: Pick<PlateauFields, 'factor' | 'minLearningRate'>, lr0: number, reductions: number): number {
  let lr = lr0;
  const exact = Math.min(reductions, EXACT_REDUCTIONS);
  for (let i = 0; i < exact; i++) {
    const reduced = Math.max(lr * h.factor, h.minLearningRate);
    if (!(lr - reduced > SMALLEST_REDUCTION)) return lr;
    lr = reduced;
  }
  if (reductions === exact) return lr;
  // lr·factorʲ·(1 − factor) > 1e-8 holds for j < log(1e-8 / (lr·(1 − factor))) / log(factor).
  const effective = Math.ceil(Math.log(SMALLEST_REDUCTION / (lr * (1 - h.factor))) / Math.log(h.factor));
  const n = Math.min(reductions - exact, Math.max(0, effective));
  return Math.max(lr * h.factor ** n, h.minLearningRate);
}

function isImprovement(h: PlateauFields, metric: number, best: number | null): boolean {
  if (best === null) return true;
  if (h.mode === 'min') return h.thresholdMode === 'rel' ? metric < best * (1 - h.threshold) : metric < best - h.threshold;
  return h.thresholdMode === 'rel' ? metric > best * (1 + h.threshold) : metric > best + h.threshold;
}

function createPlateau(h: PlateauFields, where: string): Schedule {
  let state: PlateauState = { reductions: 0, best: null, badReports: 0, cooldownLeft: 0 };
  return {
    type: 'reduceOnPlateau',
    valueAt: (_k, lr0) => reducedRate(h, lr0, state.reductions),
    reportMetric(metric) {
      if (!Number.isFinite(metric)) throw new DescentError(`${where} metric`, metric, 'a finite number');
      if (isImprovement(h, metric, state.best)) {
        state.best = metric;
        state.badReports = 0;
      } else {
        state.badReports++;
      }
      if (state.cooldownLeft > 0) {
        state.cooldownLeft--;
        state.badReports = 0;
      }
      if (state.badReports > h.patience) {
        state.reductions++;
        state.cooldownLeft = h.cooldown;
        state.badReports = 0;
      }
    },
    exportState: (): Json => ({ ...state }),
    importState(saved) {
      const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
      if (
        !isPlainObject(saved) ||
        !count(saved.reductions) ||
        !(saved.best === null || (typeof saved.best === 'number' && Number.isFinite(saved.best))) ||
        !count(saved.badReports) ||
        !count(saved.cooldownLeft)
      ) {
        throw new DescentError(`${where} state`, saved, '{ reductions, best, badReports, cooldownLeft } from exportState (counts are integers in [0, 2^53))');
      }
      state = { reductions: saved.reductions, best: saved.best, badReports: saved.badReports, cooldownLeft: saved.cooldownLeft };
    },
  };
}

/**
 * torch ReduceLROnPlateau. The schedule counts reductions; the rate of a tensor is its own
 * lr0 cut that many times (floored at minLearningRate), so changing the rule's
 * learningRate moves the reduced rate with it and each group keeps its own floor.
 */
export const reduceOnPlateau: ScheduleDefinition<PlateauFields> = {
  type: 'reduceOnPlateau',
  fields: {
    factor: { default: 0.1, check: openUnitInterval },
    patience: { default: 10, check: nonNegativeInteger },
    threshold: { default: 1e-4, check: nonNegative },
    thresholdMode: { default: 'rel', check: oneOf('rel', 'abs') },
    cooldown: { default: 0, check: nonNegativeInteger },
    minLearningRate: { default: 0, check: nonNegative },
    mode: { default: 'min', check: oneOf('min', 'max') },
  },
  create: createPlateau,
};
