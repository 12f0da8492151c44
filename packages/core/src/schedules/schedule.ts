import { isPlainObject, type Fields } from '../fields';

/** A JSON value: what schedule and optimizer state exports are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** True when `value` is a Json value: null, a boolean, a number, a string, or arrays and plain objects of them. */
export function isJson(value: unknown): value is Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return true;
  if (Array.isArray(value)) return value.every(isJson);
  return isPlainObject(value) && Object.values(value).every(isJson);
}

/**
 * A learning-rate schedule, ready to use. `k` is the number of optimizer steps
 * already taken (0 before the first step); `lr0` is the rule's learningRate.
 */
export interface Schedule {
  /** The config `type` it was made from. */
  readonly type: string;
  /** The learning rate of the step that follows `k` steps. */
  valueAt(k: number, lr0: number): number;
  /** Feeds a metric to a metric-driven schedule (reduceOnPlateau); the others ignore it. */
  reportMetric(metric: number): void;
  /** The schedule's mutable state as JSON (null when it has none). */
  exportState(): Json;
  /** Restores what `exportState` returned. */
  importState(state: Json): void;
}

/** A schedule kind: its fields, cross-field checks and how to build it. */
export interface ScheduleDefinition<H> {
  /** The config `type`, e.g. "cosine". */
  readonly type: string;
  /** Every field with its default and check. */
  readonly fields: Fields<H>;
  /** Checks that span several fields; throws DescentError. */
  refine?(h: H, where: string): void;
  /** Builds the schedule from checked fields; `build` makes nested schedules (for sequential). */
  create(h: H, where: string, build: ScheduleBuilder): Schedule;
}

/** Validates a schedule config and builds it; `where` names it in errors. */
export type ScheduleBuilder = (config: unknown, where: string) => Schedule;

/** A schedule kind of any field type, as held in the registry. */
export type AnyScheduleDefinition = ScheduleDefinition<object>;

/** Builds a stateless schedule from its closed form. */
export function closedForm<H>(type: string, value: (h: H, k: number, lr0: number) => number): (h: H) => Schedule {
  return (h) => ({
    type,
    valueAt: (k, lr0) => value(h, k, lr0),
    reportMetric: () => undefined,
    exportState: () => null,
    importState: () => undefined,
  });
}
