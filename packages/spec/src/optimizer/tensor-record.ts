import type { AnyRuleDefinition } from '../rules/rule';
import type { FloatArray } from '../transforms/transform';
import type { Engine, EngineTensorState } from './engine';
import type { TensorOptions } from './groups';

/** Everything an optimizer keeps for one named tensor. */
export interface TensorRecord<A extends FloatArray> extends EngineTensorState<A> {
  readonly name: string;
  readonly length: number;
  readonly shape: readonly number[] | undefined;
  /** This tensor's step count t (its own, as in torch: a tensor that joins late starts at 1). */
  t: number;
  hyperparameters: Record<string, unknown>;
  learningRateMultiplier: number;
  regularize: boolean;
  /** Gradient scratch for the transforms, allocated on first use. */
  scratch: A | null;
  /** The averaged parameters, allocated on the first averaged step. */
  average: A | null;
  /** How many iterates the average holds. */
  averaged: number;
}

/** A fresh record: slots at their initial values, step 0. */
export function createTensorRecord<A extends FloatArray>(
  name: string,
  length: number,
  shape: readonly number[] | undefined,
  engine: Engine<A>,
  rule: AnyRuleDefinition,
  options: TensorOptions,
): TensorRecord<A> {
  const record: TensorRecord<A> = {
    name,
    length,
    shape: shape === undefined ? undefined : [...shape],
    t: 0,
    hyperparameters: options.hyperparameters,
    learningRateMultiplier: options.learningRateMultiplier,
    regularize: options.regularize,
    slots: {},
    slotList: [],
    scalars: rule.initialScalars(options.hyperparameters),
    scratch: null,
    average: null,
    averaged: 0,
  };
  refreshSlots(record, engine, rule);
  return record;
}

/**
 * Makes the slot list match what the rule needs for the record's hyperparameters,
 * allocating any slot that is new (e.g. momentum switched on between steps).
 */
export function refreshSlots<A extends FloatArray>(record: TensorRecord<A>, engine: Engine<A>, rule: AnyRuleDefinition): void {
  const slots = record.slots as Record<string, A>;
  record.slotList = rule.slots(record.hyperparameters).map((slot) => {
    if (slots[slot] === undefined) {
      const values = engine.allocate(record.length);
      const initial = rule.initialSlotValue?.(record.hyperparameters, slot) ?? 0;
      if (initial !== 0) values.fill(initial);
      slots[slot] = values;
    }
    return slots[slot];
  });
}
