import { DescentError } from '@descent/core';
import type { BrainNet } from './network';

/** A sample in brain.js's formatted form: flat inputs and targets. */
export interface Sample {
  readonly input: ArrayLike<number>;
  readonly output: ArrayLike<number>;
}

const FORMAT_FIELDS = ['inputLookup', 'inputLookupLength', 'outputLookup', 'outputLookupLength', '_formatInput', '_formatOutput'] as const;

/**
 * Runs `work` (which may format data through the net, so set its lookup tables) and
 * puts the net's formatting state back if it throws: rejected data leaves the net as it was.
 */
export function withFormatRollback<T>(net: BrainNet, work: () => T): T {
  const saved = {} as Record<(typeof FORMAT_FIELDS)[number], unknown>;
  for (const field of FORMAT_FIELDS) saved[field] = net[field];
  try {
    return work();
  } catch (error) {
    Object.assign(net, saved);
    throw error;
  }
}

/**
 * Formats data the way brain.js does (arrays, Float32Arrays, or objects through the net's
 * lookup tables) and checks it: a non-empty array of `{ input, output }`. Lengths and
 * values are checked by `checkSamples` once the layer sizes are known.
 */
export function formatSamples(net: BrainNet, data: unknown, where: string): Sample[] {
  if (!Array.isArray(data) || data.length === 0) throw new DescentError(where, data, 'a non-empty array of { input, output } samples');
  data.forEach((datum, i) => {
    if (typeof datum !== 'object' || datum === null) throw new DescentError(`${where}[${i}]`, datum, 'an { input, output } sample');
    for (const key of ['input', 'output'] as const) {
      const value = (datum as Record<string, unknown>)[key];
      if (typeof value !== 'object' || value === null) {
        throw new DescentError(`${where}[${i}].${key}`, value, 'an array, a Float32Array or an object of numbers');
      }
      if (!Array.isArray(value) && !ArrayBuffer.isView(value)) checkLookupValues(value as Record<string, unknown>, `${where}[${i}].${key}`);
    }
  });
  return net.formatData(data) as Sample[];
}

/** brain.js's lookup tables turn NaN into 0 silently; a non-finite number in object data is an error here. */
function checkLookupValues(values: Record<string, unknown>, where: string): void {
  for (const [key, v] of Object.entries(values)) {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new DescentError(`${where}.${key}`, v, 'a finite number');
  }
}

/** Checks that every sample has `inputs` inputs and `outputs` targets, all finite numbers. */
export function checkSamples(samples: readonly Sample[], inputs: number, outputs: number, where: string): void {
  samples.forEach((sample, i) => {
    checkValues(sample.input, inputs, `${where}[${i}].input`, 'inputs');
    checkValues(sample.output, outputs, `${where}[${i}].output`, 'outputs');
  });
}

/** Checks that `values` holds `length` finite numbers (the net's `what`); errors name `where`. */
export function checkValues(values: ArrayLike<number>, length: number, where: string, what: string): void {
  if (values.length !== length) throw new DescentError(`${where}.length`, values.length, `${length}, the number of ${what} the net has`);
  for (let k = 0; k < length; k++) {
    const v = values[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DescentError(`${where}[${k}]`, v, 'a finite number');
  }
}
