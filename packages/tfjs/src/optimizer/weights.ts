import * as tf from '@tensorflow/tfjs';
import { decodeArray, DescentError, encodeArray, isPlainObject, type OptimizerState, type TensorState } from '@descent/core';
import type { NamedTensor } from './gradients';

/** The weight holding everything but the arrays, as JSON text. */
export const STATE_WEIGHT = 'descent/state';
/** The iteration counter, first as in every tfjs optimizer. */
export const ITERATIONS_WEIGHT = 'iter';

/** Where an array of the state went: the name of its weight. */
interface WeightReference {
  weight: string;
}

function arrayWeight(name: string, encoded: unknown, shape: number[], out: NamedTensor[]): WeightReference {
  out.push({ name, tensor: tf.tensor(decodeArray(encoded) as Float32Array, shape, 'float32') });
  return { weight: name };
}

/**
 * An optimizer state as tfjs weights: `iter`, the JSON of the state in `descent/state`,
 * then one float32 weight per array, named `<variable>/<slot>` and `<variable>/average`.
 */
export function stateToWeights(state: OptimizerState, iterations: number): NamedTensor[] {
  const arrays: NamedTensor[] = [];
  const tensors: Record<string, unknown> = {};
  for (const [name, record] of Object.entries(state.tensors)) {
    const shape = record.shape ?? [record.length];
    const slots = Object.fromEntries(Object.entries(record.slots).map(([slot, encoded]) => [slot, arrayWeight(`${name}/${slot}`, encoded, shape, arrays)]));
    const average = record.average === null ? null : arrayWeight(`${name}/average`, record.average, shape, arrays);
    tensors[name] = { ...record, slots, average };
  }
  return [
    { name: ITERATIONS_WEIGHT, tensor: tf.scalar(iterations, 'int32') },
    { name: STATE_WEIGHT, tensor: tf.scalar(JSON.stringify({ ...state, tensors })) },
    ...arrays,
  ];
}

/**
/**
 * The JSON held by the string weight `name` of an optimizer's weights, parsed, after checking
 * that every weight is a `{ name, tensor }` with a live tensor; `owner` names whose weights
 * they should be, for the error when they are not.
 */
export async function readJsonWeight(weights: readonly NamedTensor[], name: string, owner: string): Promise<unknown> {
  if (!Array.isArray(weights)) throw new DescentError('weights', weights, 'an array of { name, tensor } from getWeights');
  weights.forEach((w: unknown, i) => {
    if (!isPlainObject(w) || typeof w.name !== 'string' || !(w.tensor instanceof tf.Tensor) || w.tensor.isDisposed) {
      throw new DescentError(`weights[${i}]`, w, 'a { name, tensor } with a live tf.Tensor, from getWeights');
    }
  });
  const json: tf.Tensor | undefined = weights.find((w: NamedTensor) => w.name === name)?.tensor;
  if (json === undefined || json.dtype !== 'string' || json.size !== 1) {
    throw new DescentError('weights', weights.map((w: NamedTensor) => w.name), `the weights of ${owner} (a "${name}" string weight)`);
  }
  const [text] = await json.data<'string'>();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DescentError(`weights "${name}"`, text, `JSON from getWeights (${(error as Error).message})`);
  }
}

/**
 * Reads back what `stateToWeights` wrote, checking everything the core does not: the
 * weights' own shape, the `iter` counter (an integer ≥ 0), the state's JSON, every array
 * reference, and each tensor's claimed length against the live variable of that name.
 * Throws a DescentError naming the weight; reads nothing into the optimizer (the core
 * checks the result whole when it is imported).
 */
export async function weightsToState(weights: readonly NamedTensor[]): Promise<{ state: OptimizerState; iterations: number }> {
  const parsed = await readJsonWeight(weights, STATE_WEIGHT, 'a descent optimizer');
  if (!isPlainObject(parsed) || !isPlainObject(parsed.tensors)) {
    throw new DescentError(`weights "${STATE_WEIGHT}"`, parsed, 'the JSON of an optimizer state, with its tensors by name');
  }
  const byName = new Map<string, tf.Tensor>(weights.map((w) => [w.name, w.tensor]));
  const iterations = await readIterations(byName.get(ITERATIONS_WEIGHT));
  const read = async (reference: unknown, where: string) => {
    const name = isPlainObject(reference) ? reference.weight : undefined;
    const tensor = typeof name === 'string' ? byName.get(name) : undefined;
    if (tensor === undefined || tensor.dtype === 'string') throw new DescentError(where, reference, 'a reference to one of the numeric weights');
    return encodeArray(Float32Array.from(await tensor.data()));
  };
  const live = tf.engine().registeredVariables;
  const tensors: Record<string, TensorState> = {};
  for (const [name, record] of Object.entries(parsed.tensors)) {
    const where = `weights "${STATE_WEIGHT}".tensors["${name}"]`;
    if (!isPlainObject(record) || !isPlainObject(record.slots)) throw new DescentError(where, record, 'a tensor state with its slots by name');
    const variable = Object.hasOwn(live, name) ? live[name] : undefined;
    if (variable !== undefined && record.length !== variable.size) {
      throw new DescentError(`${where}.length`, record.length, `${variable.size}, the size of the variable "${name}"`);
    }
    const slots: TensorState['slots'] = {};
    for (const [slot, reference] of Object.entries(record.slots)) slots[slot] = await read(reference, `${where}.slots.${slot}`);
    const average = record.average === null ? null : await read(record.average, `${where}.average`);
    tensors[name] = { ...record, slots, average } as TensorState;
  }
  return { state: { ...parsed, tensors } as OptimizerState, iterations };
}

/** The `iter` weight's value: 0 when absent, else a scalar integer ≥ 0. */
async function readIterations(counter: tf.Tensor | undefined): Promise<number> {
  if (counter === undefined) return 0;
  const value = counter.dtype === 'string' || counter.size !== 1 ? undefined : (await counter.data())[0];
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new DescentError(`weights "${ITERATIONS_WEIGHT}"`, value ?? counter.dtype, 'a scalar integer ≥ 0 (the iteration counter)');
  }
  return value as number;
}
