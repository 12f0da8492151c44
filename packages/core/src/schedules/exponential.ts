import { nonNegative, required } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "exponential" }`: multiply by gamma every step (torch ExponentialLR). */
export interface ExponentialScheduleConfig {
  type: 'exponential';
  /** Factor per step; the lecture's lr0·e^(−ck) is gamma = e^(−c). Required. */
  gamma: number;
}

type ExponentialFields = Required<Omit<ExponentialScheduleConfig, 'type'>>;

/** lr0·gamma^k. */
export const exponential: ScheduleDefinition<ExponentialFields> = {
  type: 'exponential',
  fields: { gamma: required(nonNegative) },
  create: closedForm<ExponentialFields>('exponential', (h, k, lr0) => lr0 * Math.pow(h.gamma, k)),
};
