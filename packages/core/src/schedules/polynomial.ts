import { nonNegative, positive, positiveInteger, required } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "polynomial" }`: polynomial decay to endLearningRate over decaySteps (torch PolynomialLR). */
export interface PolynomialScheduleConfig {
  type: 'polynomial';
  /** Steps to reach endLearningRate. Required. */
  decaySteps: number;
  /** Exponent of the decay; 1 is linear. Default 1. */
  power?: number;
  /** The rate after decaySteps. Default 0. */
  endLearningRate?: number;
}

type PolynomialFields = Required<Omit<PolynomialScheduleConfig, 'type'>>;

/** (lr0 − end)·(1 − min(k, T)/T)^power + end. */
export const polynomial: ScheduleDefinition<PolynomialFields> = {
  type: 'polynomial',
  fields: {
    decaySteps: required(positiveInteger),
    power: { default: 1, check: positive },
    endLearningRate: { default: 0, check: nonNegative },
  },
  create: closedForm<PolynomialFields>('polynomial', (h, k, lr0) => {
    const remaining = 1 - Math.min(k, h.decaySteps) / h.decaySteps;
    return (lr0 - h.endLearningRate) * Math.pow(remaining, h.power) + h.endLearningRate;
  }),
};
