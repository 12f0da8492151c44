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

interface PlateauState {
  scale: number;
  best: number | null;
  badReports: number;
  cooldownLeft: number;
}

function isImprovement(h: PlateauFields, metric: number, best: number | null): boolean {
  if (best === null) return true;
  if (h.mode === 'min') return h.thresholdMode === 'rel' ? metric < best * (1 - h.threshold) : metric < best - h.threshold;
  return h.thresholdMode === 'rel' ? metric > best * (1 + h.threshold) : metric > best + h.threshold;
}

function createPlateau(h: PlateauFields, where: string): Schedule {
  let state: PlateauState = { scale: 1, best: null, badReports: 0, cooldownLeft: 0 };
  return {
    type: 'reduceOnPlateau',
    valueAt: (_k, lr0) => lr0 * state.scale,
    reportMetric(metric, lr0) {
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
        const current = lr0 * state.scale;
        const reduced = Math.max(current * h.factor, h.minLearningRate);
        if (current - reduced > SMALLEST_REDUCTION) state.scale = reduced / lr0;
        state.cooldownLeft = h.cooldown;
        state.badReports = 0;
      }
    },
    exportState: () => ({ ...state }) as unknown as Json,
    importState(saved) {
      if (
        !isPlainObject(saved) ||
        typeof saved.scale !== 'number' ||
        !(saved.best === null || typeof saved.best === 'number') ||
        typeof saved.badReports !== 'number' ||
        typeof saved.cooldownLeft !== 'number'
      ) {
        throw new DescentError(`${where} state`, saved, '{ scale, best, badReports, cooldownLeft } from exportState');
      }
      state = { scale: saved.scale, best: saved.best, badReports: saved.badReports, cooldownLeft: saved.cooldownLeft };
    },
  };
}

/**
 * torch ReduceLROnPlateau. The rate is lr0 times a scale that each reduction lowers,
 * so changing the rule's learningRate moves the reduced rate with it.
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
