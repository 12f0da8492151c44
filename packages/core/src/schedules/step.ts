import { nonNegative, positiveInteger, required } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "step" }`: multiply by gamma every stepSize steps (torch StepLR). */
export interface StepScheduleConfig {
  type: 'step';
  /** Steps between decays. Required. */
  stepSize: number;
  /** Factor per decay. Default 0.1. */
  gamma?: number;
}

type StepFields = Required<Omit<StepScheduleConfig, 'type'>>;

/** lr0·gamma^⌊k/stepSize⌋. */
export const step: ScheduleDefinition<StepFields> = {
  type: 'step',
  fields: { stepSize: required(positiveInteger), gamma: { default: 0.1, check: nonNegative } },
  create: closedForm<StepFields>('step', (h, k, lr0) => lr0 * Math.pow(h.gamma, Math.floor(k / h.stepSize))),
};
