import { DescentError } from '../errors';
import { extentShape } from '../rules/extent';
import { buildProgram, buildSharesProgram, scalarInputCount } from '../rules/program';
import type { AnyRuleDefinition } from '../rules/rule';
import type { Engine, EngineTensorState } from './engine';
import type { TensorOptions } from './groups';

/** Everything an optimizer keeps for one named tensor. */
export interface TensorRecord<A> extends EngineTensorState<A> {
  readonly name: string;
  readonly length: number;
  /** This tensor's step count t (its own, as in torch: a tensor that joins late starts at 1). */
  t: number;
  learningRateMultiplier: number;
  regularize: boolean;
  /** Gradient scratch for the transforms, made on first use. */
  scratch: A | null;
  /** The averaged parameters, made on the first averaged step. */
  average: A | null;
  /** How many iterates the average holds. */
  averaged: number;
}

/** A fresh record: slots at their initial values, step 0. */
export function createTensorRecord<A>(
  name: string,
  shape: readonly number[],
  engine: Engine<A>,
  rule: AnyRuleDefinition,
  options: TensorOptions,
): TensorRecord<A> {
  const record: TensorRecord<A> = {
    name,
    length: shape.reduce((a, b) => a * b, 1),
    shape: [...shape],
    t: 0,
    hyperparameters: options.hyperparameters,
    learningRateMultiplier: options.learningRateMultiplier,
    regularize: options.regularize,
    slots: {},
    slotList: [],
    scalars: rule.initialScalars?.(options.hyperparameters) ?? {},
    program: buildProgram(rule, options.hyperparameters, shape.length),
    coefficients: new Float64Array(0),
    scratch: null,
    average: null,
    averaged: 0,
  };
  refreshSlots(record, engine, rule, record.program);
  return record;
}

/**
 * Makes the program (the one given, already built for these hyperparameters, or a new one)
 * and the slot list match the record's hyperparameters, making any
 * slot that is new (e.g. momentum switched on between steps).
 */
export function refreshSlots<A>(
  record: TensorRecord<A>,
  engine: Engine<A>,
  rule: AnyRuleDefinition,
  program = buildProgram(rule, record.hyperparameters, record.shape.length),
): void {
  record.program = program;
  record.coefficients = new Float64Array(scalarInputCount(record.program));
  record.shares = rule.global === undefined ? null : buildSharesProgram(rule, record.hyperparameters, record.shape.length);
  const slots = record.slots as Record<string, A>;
  record.slotList = program.slots.map((slot, k) => {
    slots[slot] ??= engine.filled(extentShape(program.slotExtents[k], record.shape), rule.initialSlotValue?.(record.hyperparameters, slot) ?? 0);
    return slots[slot];
  });
}

/**
 * The slots `hyperparameters` need that the record does not hold yet, made at their
 * initial values; all or none (a failed allocation releases what was made and throws a
 * DescentError naming the tensor).
 */
export function makeMissingSlots<A>(record: TensorRecord<A>, engine: Engine<A>, rule: AnyRuleDefinition, hyperparameters: Record<string, unknown>): Record<string, A> {
  const made: Record<string, A> = {};
  try {
    const rank = record.shape.length;
    for (const slot of rule.slots(hyperparameters, rank)) {
      const extent = rank >= 2 ? (rule.slotExtent?.[slot] ?? 'element') : 'element';
      if (!(slot in record.slots)) made[slot] = engine.filled(extentShape(extent, record.shape), rule.initialSlotValue?.(hyperparameters, slot) ?? 0);
    }
  } catch (error) {
    for (const slot of Object.values(made)) engine.release(slot);
    throw new DescentError(`tensor "${record.name}" length`, record.length, `a length the engine can allocate a new slot of (${(error as Error).message})`);
  }
  return made;
}

/** Releases every array a record keeps. */
export function releaseRecord<A>(record: TensorRecord<A>, engine: Engine<A>): void {
  for (const slot of Object.values(record.slots)) engine.release(slot);
  if (record.average !== null) engine.release(record.average);
  if (record.scratch !== null) engine.release(record.scratch);
}
