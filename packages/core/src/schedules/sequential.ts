import { DescentError } from '../errors';
import { isPlainObject, numberList, positiveInteger, required, type Check } from '../fields';
import type { Json, Schedule, ScheduleDefinition } from './schedule';

/** `{ type: "sequential" }`: one schedule after another, e.g. warm-up then decay (torch SequentialLR). */
export interface SequentialScheduleConfig {
  type: 'sequential';
  /** The schedules, in order. Required. */
  schedules: object[];
  /** The step at which each schedule after the first takes over; one fewer than schedules. Required. */
  milestones: number[];
}

type SequentialFields = Required<Omit<SequentialScheduleConfig, 'type'>>;

const scheduleList: Check<object[]> = {
  allowed: 'a non-empty array of schedule configs',
  test: (v): v is object[] => Array.isArray(v) && v.length > 0 && v.every(isPlainObject),
};

/** Schedule i, counted from its own start, from milestone i − 1 on. */
export const sequential: ScheduleDefinition<SequentialFields> = {
  type: 'sequential',
  fields: {
    schedules: required(scheduleList),
    milestones: required(numberList(positiveInteger, true)),
  },
  refine(h, where) {
    if (h.milestones.length !== h.schedules.length - 1) {
      throw new DescentError(`${where}.milestones`, h.milestones, `${h.schedules.length - 1} milestone(s), one fewer than schedules`);
    }
  },
  create(h, where, build) {
    const parts: Schedule[] = h.schedules.map((config, i) => build(config, `${where}.schedules[${i}]`));
    const startOf = (i: number) => (i === 0 ? 0 : h.milestones[i - 1]);
    const partAt = (k: number) => {
      let i = 0;
      while (i < h.milestones.length && h.milestones[i] <= k) i++;
      return i;
    };
    return {
      type: 'sequential',
      valueAt(k, lr0) {
        const i = partAt(k);
        return parts[i].valueAt(k - startOf(i), lr0);
      },
      reportMetric(metric) {
        for (const part of parts) part.reportMetric(metric);
      },
      exportState: () => parts.map((part) => part.exportState()),
      importState(state) {
        if (!Array.isArray(state) || state.length !== parts.length) {
          throw new DescentError(`${where} state`, state, `an array of ${parts.length} schedule states`);
        }
        const before = parts.map((part) => part.exportState());
        try {
          parts.forEach((part, i) => part.importState((state as Json[])[i]));
        } catch (error) {
          parts.forEach((part, i) => part.importState(before[i]));
          throw error;
        }
      },
    };
  },
};

