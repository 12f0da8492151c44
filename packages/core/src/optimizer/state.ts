import { decodeBase64, encodeBase64 } from '../base64';
import { DescentError } from '../errors';
import { isPlainObject } from '../fields';
import { extentLayout, extentShape, extentSize } from '../rules/extent';
import { buildProgram } from '../rules/program';
import type { AnyRuleDefinition } from '../rules/rule';
import type { Json } from '../schedules/schedule';
import type { FloatArray } from '../transforms/transform';
import type { Engine } from './engine';
import type { TensorOptions } from './groups';
import { refreshSlots, type TensorRecord } from './tensor-record';

/** The `format` of an exported optimizer state. */
export const STATE_FORMAT = 'descent-optimizer-state/1';

/**
 * An array stored exactly: the little-endian bytes of its float32 or float64 values in
 * base64, so a resumed run is bit-identical (signed zeros included; an import refuses
 * non-finite values).
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
  /** The rule's step-wide estimate (prodigy's d, dMax, dNumerator), for a rule that keeps one. */
  global?: Record<string, number>;
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
export function exportTensorRecord<A>(record: TensorRecord<A>, engine: Engine<A>): TensorState {
  return {
    length: record.length,
    shape: [...record.shape],
    t: record.t,
    slots: Object.fromEntries(Object.entries(record.slots).map(([slot, values]) => [slot, encodeArray(engine.read(values))])),
    scalars: { ...record.scalars },
    average: record.average === null ? null : encodeArray(engine.read(record.average)),
    averaged: record.averaged,
  };
}

/** A tensor state checked and decoded, before any array of the engine is made. */
interface DecodedTensor {
  name: string;
  shape: number[];
  t: number;
  averaged: number;
  scalars: Record<string, number>;
  slots: Record<string, FloatArray>;
  average: FloatArray | null;
}

/** The most elements a tensor of an imported state may claim (the longest typed array worth allocating). */
export const MAX_TENSOR_LENGTH = 2 ** 31 - 1;

/** A counter of an imported state: an integer ≥ 0 that float64 holds exactly. */
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The index of the first value that is not finite (or negative, with `nonNegative`), or −1. */
function firstBadValue(values: FloatArray, nonNegative: boolean): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]) || (nonNegative && values[i] < 0)) return i;
  return -1;
}

function decodeTensor(name: string, saved: unknown, precision: 'float32' | 'float64', rule: AnyRuleDefinition, options: TensorOptions): DecodedTensor {
  const where = `state.tensors["${name}"]`;
  if (!isPlainObject(saved)) throw new DescentError(where, saved, 'a tensor state from exportState');
  const { length, shape, t, slots, scalars, average, averaged } = saved;
  if (!isCount(length) || length > MAX_TENSOR_LENGTH) throw new DescentError(`${where}.length`, length, `an integer in [0, ${MAX_TENSOR_LENGTH}]`);
  if (!isCount(t)) throw new DescentError(`${where}.t`, t, 'an integer in [0, 2^53)');
  if (!isCount(averaged)) throw new DescentError(`${where}.averaged`, averaged, 'an integer in [0, 2^53)');
  const shapeOk = Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0) && shape.reduce((a: number, b: number) => a * b, 1) === length;
  if (shape !== null && !shapeOk) throw new DescentError(`${where}.shape`, shape, `null or an array of integers ≥ 0 with ${length} elements`);
  if (!isPlainObject(scalars) || !Object.values(scalars).every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new DescentError(`${where}.scalars`, scalars, 'an object of finite numbers');
  }
  if (!isPlainObject(slots)) throw new DescentError(`${where}.slots`, slots, 'an object of encoded arrays by slot name');
  const decode = (encoded: unknown, at: string, nonNegative: boolean, count: number = length): FloatArray => {
    const decoded = decodeArray(encoded);
    if (decoded === null || (encoded as EncodedArray).dtype !== precision || decoded.length !== count) {
      throw new DescentError(at, encoded, `{ dtype: "${precision}", base64 } holding ${count} values`);
    }
    const bad = firstBadValue(decoded, nonNegative);
    if (bad >= 0) throw new DescentError(`${at}[${bad}]`, decoded[bad], nonNegative ? 'a finite number ≥ 0 (this slot is never negative)' : 'a finite number');
    return decoded;
  };
  const tensorShape = (shape as number[] | null) ?? [length];
  const layout = extentLayout(tensorShape);
  const extentOf = (slot: string) => (tensorShape.length >= 2 ? (rule.slotExtent?.[slot] ?? 'element') : 'element');
  const nonNegativeSlots: readonly string[] = rule.nonNegativeSlots ?? [];
  const decodedSlots = Object.fromEntries(
    Object.entries(slots).map(([slot, encoded]) => [
      slot,
      decode(encoded, `${where}.slots.${slot}`, nonNegativeSlots.includes(slot), extentSize(extentOf(slot), layout)),
    ]),
  );
  const missing = rule.slots(options.hyperparameters, tensorShape.length).find((slot) => !(slot in slots));
  if (missing !== undefined) throw new DescentError(`${where}.slots.${missing}`, undefined, `the ${missing} slot that ${rule.type} keeps`);
  return {
    name,
    shape: tensorShape,
    t,
    averaged,
    scalars: scalars as Record<string, number>,
    slots: decodedSlots,
    average: average === null ? null : decode(average, `${where}.average`, false),
  };
}

/**
 * Rebuilds tensor records from exported state: every tensor is checked and decoded first,
 * and the engine's arrays are made only when all of them are sound.
 */
export function importTensorRecords<A>(
  tensors: unknown,
  engine: Engine<A>,
  rule: AnyRuleDefinition,
  optionsFor: (name: string) => TensorOptions,
): Map<string, TensorRecord<A>> {
  if (!isPlainObject(tensors)) throw new DescentError('state.tensors', tensors, 'an object of tensor states by name');
  const decoded = Object.entries(tensors).map(([name, saved]) => decodeTensor(name, saved, engine.precision, rule, optionsFor(name)));
  const records = new Map<string, TensorRecord<A>>();
  // Arrays made so far, given back if the engine fails to make one (all or nothing).
  const made: A[] = [];
  const write = (values: FloatArray, shape: readonly number[]): A => {
    const array = engine.write(values, shape);
    made.push(array);
    return array;
  };
  try {
    for (const tensor of decoded) {
      const options = optionsFor(tensor.name);
      const extentOf = (slot: string) => (tensor.shape.length >= 2 ? (rule.slotExtent?.[slot] ?? 'element') : 'element');
      const slots = Object.fromEntries(Object.entries(tensor.slots).map(([slot, values]) => [slot, write(values, extentShape(extentOf(slot), tensor.shape))]));
      const record: TensorRecord<A> = {
        name: tensor.name,
        length: tensor.shape.reduce((a, b) => a * b, 1),
        shape: tensor.shape,
        t: tensor.t,
        hyperparameters: options.hyperparameters,
        learningRateMultiplier: options.learningRateMultiplier,
        regularize: options.regularize,
        slots,
        slotList: [],
        scalars: { ...rule.initialScalars?.(options.hyperparameters), ...tensor.scalars },
        program: buildProgram(rule, options.hyperparameters, tensor.shape.length),
        coefficients: new Float64Array(0),
        scratch: null,
        average: tensor.average === null ? null : write(tensor.average, tensor.shape),
        averaged: tensor.averaged,
      };
      refreshSlots(record, engine, rule, record.program);
      records.set(tensor.name, record);
    }
  } catch (error) {
    for (const array of made) engine.release(array);
    throw error;
  }
  return records;
}
