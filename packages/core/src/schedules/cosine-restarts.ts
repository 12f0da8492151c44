import { nonNegative, positiveInteger, required } from '../fields';
import { cosineBetween } from './cosine';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "cosineRestarts" }`: SGDR, a cosine that restarts at lr0 (torch CosineAnnealingWarmRestarts). */
export interface CosineRestartsScheduleConfig {
  type: 'cosineRestarts';
  /** Length T0 of the first cycle. Required. */
  firstDecaySteps: number;
  /** Each cycle is tMul times longer than the one before (an integer ≥ 1). Default 1. */
  tMul?: number;
  /** The rate at the bottom of each cycle. Default 0. */
  minLearningRate?: number;
}

type CosineRestartsFields = Required<Omit<CosineRestartsScheduleConfig, 'type'>>;

/**
 * Where step k falls: its position inside its cycle, the cycle's length and index. Bounded
 * work for any k: in closed form when cycles keep their length (tMul 1); otherwise
 * cycles grow at least twofold, so at most ~log2(k) of them are walked.
 */
export function restartCycle(k: number, firstLength: number, tMul: number): { position: number; length: number; cycle: number } {
  if (tMul === 1) {
    const cycle = Math.floor(k / firstLength);
    return { position: k - cycle * firstLength, length: firstLength, cycle };
  }
  let position = k;
  let length = firstLength;
  let cycle = 0;
  while (position >= length) {
    position -= length;
    length *= tMul;
    cycle++;
  }
  return { position, length, cycle };
}

/** Cosine within the current cycle; cycles of T0, T0·tMul, T0·tMul², … */
export const cosineRestarts: ScheduleDefinition<CosineRestartsFields> = {
  type: 'cosineRestarts',
  fields: {
    firstDecaySteps: required(positiveInteger),
    tMul: { default: 1, check: positiveInteger },
    minLearningRate: { default: 0, check: nonNegative },
  },
  create: closedForm<CosineRestartsFields>('cosineRestarts', (h, k, lr0) => {
    const { position, length } = restartCycle(k, h.firstDecaySteps, h.tMul);
    return cosineBetween(lr0, h.minLearningRate, position, length);
  }),
};
