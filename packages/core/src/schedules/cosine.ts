import { nonNegative, positiveInteger, required } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "cosine" }`: half a cosine from lr0 down to minLearningRate (torch CosineAnnealingLR, held after T). */
export interface CosineScheduleConfig {
  type: 'cosine';
  /** Steps T of the half cosine. Required. */
  decaySteps: number;
  /** The rate at and after T. Default 0. */
  minLearningRate?: number;
}

type CosineFields = Required<Omit<CosineScheduleConfig, 'type'>>;

/** The value of a half cosine from `high` at 0 to `low` at `length`. */
export function cosineBetween(high: number, low: number, position: number, length: number): number {
  return low + ((high - low) * (1 + Math.cos((Math.PI * position) / length))) / 2;
}

/** min + (lr0 − min)·(1 + cos(π·min(k, T)/T))/2. */
export const cosine: ScheduleDefinition<CosineFields> = {
  type: 'cosine',
  fields: { decaySteps: required(positiveInteger), minLearningRate: { default: 0, check: nonNegative } },
  create: closedForm<CosineFields>('cosine', (h, k, lr0) =>
    cosineBetween(lr0, h.minLearningRate, Math.min(k, h.decaySteps), h.decaySteps),
  ),
};
