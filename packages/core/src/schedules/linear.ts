import { DescentError } from '../errors';
import { between, positiveInteger } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "linear" }`: a linear ramp of the factor on lr0, the usual warm-up (torch LinearLR). */
export interface LinearScheduleConfig {
  type: 'linear';
  /** Factor at k = 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** Factor from totalSteps on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Length of the ramp. Default 5. */
  totalSteps?: number;
}

type LinearFields = Required<Omit<LinearScheduleConfig, 'type'>>;

/** lr0·(start + (end − start)·min(k, T)/T). */
export const linear: ScheduleDefinition<LinearFields> = {
  type: 'linear',
  fields: {
    startFactor: { default: 1 / 3, check: between(0, 1) },
    endFactor: { default: 1, check: between(0, 1) },
    totalSteps: { default: 5, check: positiveInteger },
  },
  refine(h, where) {
    if (h.startFactor === 0) throw new DescentError(`${where}.startFactor`, 0, 'a number in (0, 1]');
  },
  create: closedForm<LinearFields>('linear', (h, k, lr0) => {
    const progress = Math.min(k, h.totalSteps) / h.totalSteps;
    return lr0 * (h.startFactor + (h.endFactor - h.startFactor) * progress);
  }),
};
