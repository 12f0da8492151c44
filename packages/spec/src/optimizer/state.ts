import { decodeBase64, encodeBase64 } from '../base64';
import { DescentError } from '../errors';
import { isPlainObject } from '../fields';
import type { AnyRuleDefinition } from '../rules/rule';
import type { Json } from '../schedules/schedule';
import type { FloatArray } from '../transforms/transform';
import type { Engine } from './engine';
import type { TensorOptions } from './groups';
import { createTensorRecord, type TensorRecord } from './tensor-record';

/** The `format` of an exported optimizer state. */
export const STATE_FORMAT = 'descent-optimizer-state/1';

/**
 * An array stored exactly: the little-endian bytes of its float32 or float64 values in
 * base64, so a resumed run is bit-identical (signed zeros and NaN payloads included).
 */
export interface EncodedArray {
  dtype: 'float32' | 'float64';
  base64: string;
}

/** The exported state of one tensor. */
export interface TensorState {
  length: number;
  shape: number[] | null;
  t: number;
  slots: Record<string, EncodedArray>;
  scalars: Record<string, number>;
  average: EncodedArray | null;
  averaged: number;
}

/** An optimizer's whole state as plain JSON. */
export interface OptimizerState {
  format: typeof STATE_FORMAT;
  precision: 'float32' | 'float64';
  /** The rule config with every hyperparameter, as of the export (including changes made between steps). */
  rule: Record<string, Json>;
  stepsTaken: number;
  skippedSteps: number;
  schedule: Json;
  transforms: Json[];
  tensors: Record<string, TensorState>;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Encodes a float array exactly. */
export function encodeArray(values: FloatArray): EncodedArray {
  const copy = values.slice();
  const bytes = new Uint8Array(copy.buffer);
  if (!littleEndian) swapBytes(bytes, copy.BYTES_PER_ELEMENT);
  return { dtype: values instanceof Float32Array ? 'float32' : 'float64', base64: encodeBase64(bytes) };
}

/** Decodes an array encoded by `encodeArray`, or returns null when it is malformed. */
export function decodeArray(encoded: unknown): Float32Array | Float64Array | null {
  if (!isPlainObject(encoded) || typeof encoded.base64 !== 'string') return null;
  const width = encoded.dtype === 'float32' ? 4 : encoded.dtype === 'float64' ? 8 : 0;
  const bytes = width === 0 ? null : decodeBase64(encoded.base64);
  if (bytes === null || bytes.length % width !== 0) return null;
  if (!littleEndian) swapBytes(bytes, width);
  return width === 4 ? new Float32Array(bytes.buffer, 0, bytes.length / 4) : new Float64Array(bytes.buffer, 0, bytes.length / 8);
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/** The exported state of one tensor record. */
export function exportTensorRecord<A extends FloatArray>(record: TensorRecord<A>): TensorState {
  return {
    length: record.length,
    shape: record.shape === undefined ? null : [...record.shape],
    t: record.t,
    slots: Object.fromEntries(Object.entries(record.slots).map(([slot, values]) => [slot, encodeArray(values)])),
    scalars: { ...record.scalars },
    average: record.average === null ? null : encodeArray(record.average),
    averaged: record.averaged,
  };
}

/** Rebuilds tensor records from exported state, checking every field first. */
export function importTensorRecords<A extends FloatArray>(
  tensors: unknown,
  engine: Engine<A>,
  rule: AnyRuleDefinition,
  optionsFor: (name: string) => TensorOptions,
): Map<string, TensorRecord<A>> {
  if (!isPlainObject(tensors)) throw new DescentError('state.tensors', tensors, 'an object of tensor states by name');
  const records = new Map<string, TensorRecord<A>>();
  for (const [name, saved] of Object.entries(tensors)) {
    const where = `state.tensors["${name}"]`;
    if (!isPlainObject(saved)) throw new DescentError(where, saved, 'a tensor state from exportState');
    const { length, shape, t, slots, scalars, average, averaged } = saved;
    if (!Number.isInteger(length) || (length as number) < 0) throw new DescentError(`${where}.length`, length, 'an integer ≥ 0');
    if (!Number.isInteger(t) || (t as number) < 0) throw new DescentError(`${where}.t`, t, 'an integer ≥ 0');
    if (!Number.isInteger(averaged) || (averaged as number) < 0) throw new DescentError(`${where}.averaged`, averaged, 'an integer ≥ 0');
    if (shape !== null && !(Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0))) {
      throw new DescentError(`${where}.shape`, shape, 'null or an array of integers ≥ 0');
    }
    if (!isPlainObject(scalars) || !Object.values(scalars).every((v) => typeof v === 'number')) {
      throw new DescentError(`${where}.scalars`, scalars, 'an object of numbers');
    }
    const options = optionsFor(name);
    const record = createTensorRecord(name, length as number, (shape as number[] | null) ?? undefined, engine, rule, options);
    record.t = t as number;
    record.averaged = averaged as number;
    Object.assign(record.scalars, scalars);
    if (!isPlainObject(slots)) throw new DescentError(`${where}.slots`, slots, 'an object of encoded arrays by slot name');
    for (const [slot, encoded] of Object.entries(slots)) {
      (record.slots as Record<string, A>)[slot] = decodeInto(encoded, engine, length as number, `${where}.slots.${slot}`);
    }
    const missing = rule.slots(options.hyperparameters).find((slot) => !(slot in slots));
    if (missing !== undefined) throw new DescentError(`${where}.slots.${missing}`, undefined, `the ${missing} slot that ${rule.type} keeps`);
    record.slotList = rule.slots(options.hyperparameters).map((slot) => (record.slots as Record<string, A>)[slot]);
    record.average = average === null ? null : decodeInto(average, engine, length as number, `${where}.average`);
    records.set(name, record);
  }
  return records;
}

function decodeInto<A extends FloatArray>(encoded: unknown, engine: Engine<A>, length: number, where: string): A {
  const decoded = decodeArray(encoded);
  const expected = engine.precision;
  if (decoded === null || (encoded as EncodedArray).dtype !== expected || decoded.length !== length) {
    throw new DescentError(where, encoded, `{ dtype: "${expected}", base64 } holding ${length} values`);
  }
  const values = engine.allocate(length);
  values.set(decoded);
  return values;
}
