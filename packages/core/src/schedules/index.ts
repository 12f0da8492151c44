import { resolveFields } from '../fields';
import { lookUpKind } from '../registry';
import { constant, type ConstantScheduleConfig } from './constant';
import { cosine, type CosineScheduleConfig } from './cosine';
import { cosineRestarts, type CosineRestartsScheduleConfig } from './cosine-restarts';
import { cyclic, type CyclicScheduleConfig } from './cyclic';
import { exponential, type ExponentialScheduleConfig } from './exponential';
import { inverseTime, type InverseTimeScheduleConfig } from './inverse-time';
import { linear, type LinearScheduleConfig } from './linear';
import { multiStep, type MultiStepScheduleConfig } from './multi-step';
import { oneCycle, type OneCycleScheduleConfig } from './one-cycle';
import { polynomial, type PolynomialScheduleConfig } from './polynomial';
import { reduceOnPlateau, type ReduceOnPlateauScheduleConfig } from './reduce-on-plateau';
import type { AnyScheduleDefinition, Schedule } from './schedule';
import { sequential, type SequentialScheduleConfig } from './sequential';
import { step, type StepScheduleConfig } from './step';

export type { Schedule, ScheduleDefinition, ScheduleBuilder, AnyScheduleDefinition, Json } from './schedule';
export { cosineBetween } from './cosine';
export { restartCycle } from './cosine-restarts';
export type {
  ConstantScheduleConfig,
  StepScheduleConfig,
  MultiStepScheduleConfig,
  ExponentialScheduleConfig,
  InverseTimeScheduleConfig,
  PolynomialScheduleConfig,
  CosineScheduleConfig,
  CosineRestartsScheduleConfig,
  LinearScheduleConfig,
  OneCycleScheduleConfig,
  CyclicScheduleConfig,
  SequentialScheduleConfig,
  ReduceOnPlateauScheduleConfig,
};

/** The config of any learning-rate schedule. */
export type ScheduleConfig =
  | ConstantScheduleConfig
  | StepScheduleConfig
  | MultiStepScheduleConfig
  | ExponentialScheduleConfig
  | InverseTimeScheduleConfig
  | PolynomialScheduleConfig
  | CosineScheduleConfig
  | CosineRestartsScheduleConfig
  | LinearScheduleConfig
  | OneCycleScheduleConfig
  | CyclicScheduleConfig
  | SequentialScheduleConfig
  | ReduceOnPlateauScheduleConfig;

/** Every schedule kind by its `type`. */
export const schedules: Readonly<Record<ScheduleConfig['type'], AnyScheduleDefinition>> = {
  constant,
  step,
  multiStep,
  exponential,
  inverseTime,
  polynomial,
  cosine,
  cosineRestarts,
  linear,
  oneCycle,
  cyclic,
  sequential,
  reduceOnPlateau,
};

/** The `type` names of every schedule. */
export const scheduleTypes = Object.keys(schedules) as ScheduleConfig['type'][];

/**
 * Validates a schedule config (type, fields, nested schedules) and builds the schedule.
 *
 * @example
 * const schedule = createSchedule({ type: 'step', stepSize: 30, gamma: 0.1 });
 * schedule.valueAt(45, 0.1); // 0.01: the base rate 0.1, times 0.1 once 30 steps have passed
 */
export function createSchedule(config: unknown, where = 'schedule'): Schedule {
  const found = lookUpKind(schedules, config, where, '{ type: "cosine", decaySteps: 1000 }');
  const { definition } = found;
  const name = `${where}(${found.type})`;
  const fields = resolveFields<object>(name, definition.fields, found.config);
  definition.refine?.(fields, name);
  return definition.create(fields, name, createSchedule);
}
