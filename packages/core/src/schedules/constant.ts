import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "constant" }`: the rule's learningRate at every step. */
export interface ConstantScheduleConfig {
  type: 'constant';
}

/** The constant schedule: lr0. */
export const constant: ScheduleDefinition<Record<string, never>> = {
  type: 'constant',
  fields: {},
  create: closedForm('constant', (_h, _k, lr0) => lr0),
};
