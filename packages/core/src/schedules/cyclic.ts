import { DescentError } from '../errors';
import { nonNegative, oneOf, positive, positiveInteger, required } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "cyclic" }`: cyclical learning rates (Smith), learning rate only (torch CyclicLR). */
export interface CyclicScheduleConfig {
  type: 'cyclic';
  /** The bottom of each cycle. Required. The rule's learningRate is not used. */
  baseLearningRate: number;
  /** The top of each cycle. Required. */
  maxLearningRate: number;
  /** Steps rising. Default 2000. */
  stepSizeUp?: number;
  /** Steps falling. Default stepSizeUp. */
  stepSizeDown?: number | null;
  /** "triangular", "triangular2" (amplitude halves every cycle) or "expRange" (amplitude × gamma^k). Default "triangular". */
  mode?: 'triangular' | 'triangular2' | 'expRange';
  /** Base of expRange's decay. Default 1. */
  gamma?: number;
}

type CyclicFields = Required<Omit<CyclicScheduleConfig, 'type'>>;

const positiveIntegerOrNull = {
  allowed: 'an integer ≥ 1, or null for stepSizeUp',
  test: (v: unknown): v is number | null => v === null || positiveInteger.test(v),
};

/** torch CyclicLR's learning rate at step k. */
export const cyclic: ScheduleDefinition<CyclicFields> = {
  type: 'cyclic',
  fields: {
    baseLearningRate: required(nonNegative),
    maxLearningRate: required(nonNegative),
    stepSizeUp: { default: 2000, check: positiveInteger },
    stepSizeDown: { default: null, check: positiveIntegerOrNull },
    mode: { default: 'triangular', check: oneOf('triangular', 'triangular2', 'expRange') },
    gamma: { default: 1, check: positive },
  },
  refine(h, where) {
    if (h.maxLearningRate < h.baseLearningRate) {
      throw new DescentError(`${where}.maxLearningRate`, h.maxLearningRate, `a number ≥ baseLearningRate (${h.baseLearningRate})`);
    }
  },
  create: closedForm<CyclicFields>('cyclic', (h, k) => {
    const up = h.stepSizeUp;
    const total = up + (h.stepSizeDown ?? up);
    const ratio = up / total;
    const cycle = Math.floor(1 + k / total);
    const x = 1 + k / total - cycle;
    const scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    const height = (h.maxLearningRate - h.baseLearningRate) * scale;
    const amplitude = h.mode === 'triangular' ? 1 : h.mode === 'triangular2' ? 1 / Math.pow(2, cycle - 1) : Math.pow(h.gamma, k);
    return h.baseLearningRate + height * amplitude;
  }),
};
