import { nonNegative, nonNegativeInteger, numberList, required } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "multiStep" }`: multiply by gamma at each milestone (torch MultiStepLR). */
export interface MultiStepScheduleConfig {
  type: 'multiStep';
  /** Step counts at which the rate decays, strictly increasing. Required. */
  milestones: number[];
  /** Factor per milestone. Default 0.1. */
  gamma?: number;
}

type MultiStepFields = Required<Omit<MultiStepScheduleConfig, 'type'>>;

/** lr0·gamma^(number of milestones ≤ k). */
export const multiStep: ScheduleDefinition<MultiStepFields> = {
  type: 'multiStep',
  fields: {
    milestones: required(numberList(nonNegativeInteger, true)),
    gamma: { default: 0.1, check: nonNegative },
  },
  create: closedForm<MultiStepFields>('multiStep', (h, k, lr0) => {
    let passed = 0;
    for (const milestone of h.milestones) if (milestone <= k) passed++;
    return lr0 * Math.pow(h.gamma, passed);
  }),
};
