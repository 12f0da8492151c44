import { boolean, nonNegative, positive, required } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "inverseTime" }`: the lecture's 1/t decay (Keras InverseTimeDecay). */
export interface InverseTimeScheduleConfig {
  type: 'inverseTime';
  /** How fast the rate falls. Required. */
  decayRate: number;
  /** Steps per unit of decay. Default 1. */
  decaySteps?: number;
  /** Floor k/decaySteps to an integer. Default false. */
  staircase?: boolean;
}

type InverseTimeFields = Required<Omit<InverseTimeScheduleConfig, 'type'>>;

/** lr0 / (1 + decayRate·k/decaySteps), with k/decaySteps floored when staircase. */
export const inverseTime: ScheduleDefinition<InverseTimeFields> = {
  type: 'inverseTime',
  fields: {
    decayRate: required(nonNegative),
    decaySteps: { default: 1, check: positive },
    staircase: { default: false, check: boolean },
  },
  create: closedForm<InverseTimeFields>('inverseTime', (h, k, lr0) => {
    const progress = h.staircase ? Math.floor(k / h.decaySteps) : k / h.decaySteps;
    return lr0 / (1 + h.decayRate * progress);
  }),
};
