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
 * The JSON held by the string weight `name` of an optimizer's weights, parsed; `owner`
 * names whose weights they should be, for the error when they are not.
 */
export async function readJsonWeight(weights: readonly NamedTensor[], name: string, owner: string): Promise<unknown> {
  if (!Array.isArray(weights)) throw new DescentError('weights', weights, 'an array of { name, tensor } from getWeights');
  const json: tf.Tensor | undefined = weights.find((w: NamedTensor) => w.name === name)?.tensor;
  if (json === undefined || json.dtype !== 'string') {
    throw new DescentError('weights', weights.map((w) => w.name), `the weights of ${owner} (a "${name}" string weight)`);
  }
  const [text] = await json.data<'string'>();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DescentError(`weights "${name}"`, text.slice(0, 40), `JSON from getWeights (${(error as Error).message})`);
  }
}

/** Reads back what `stateToWeights` wrote (the core validates the result when it is imported). */
export async function weightsToState(weights: readonly NamedTensor[]): Promise<{ state: OptimizerState; iterations: number }> {
  const parsed = (await readJsonWeight(weights, STATE_WEIGHT, 'a descent optimizer')) as OptimizerState;
  const byName = new Map<string, tf.Tensor>(weights.map((w) => [w.name, w.tensor]));
  const counter = byName.get(ITERATIONS_WEIGHT);
  const iterations = counter === undefined ? 0 : (await counter.data())[0];
  const read = async (reference: unknown, where: string) => {
    const name = isPlainObject(reference) ? reference.weight : undefined;
    const tensor = typeof name === 'string' ? byName.get(name) : undefined;
    if (tensor === undefined) throw new DescentError(where, reference, 'a reference to one of the weights');
    return encodeArray(Float32Array.from(await tensor.data()));
  };
  const tensors: Record<string, TensorState> = {};
  for (const [name, record] of Object.entries(isPlainObject(parsed.tensors) ? parsed.tensors : {})) {
    const where = `weights "${STATE_WEIGHT}".tensors["${name}"]`;
    const slots: TensorState['slots'] = {};
    for (const [slot, reference] of Object.entries(record.slots ?? {})) slots[slot] = await read(reference, `${where}.slots.${slot}`);
    const average = record.average === null ? null : await read(record.average, `${where}.average`);
    tensors[name] = { ...record, slots, average };
  }
  return { state: { ...parsed, tensors }, iterations };
}
