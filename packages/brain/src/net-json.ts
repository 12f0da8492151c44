import { DescentError, isPlainObject } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import type { INeuralNetworkJSON } from 'brain.js/dist/neural-network';
import type { NetData } from './network';

const isFiniteList = (v: unknown, length: number): boolean =>
  Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** A lookup (`{ key: index }`) of `size` entries at most, each index an integer in [0, size), none twice; or null. */
function checkLookup(lookup: unknown, size: number, where: string): void {
  if (lookup === null || lookup === undefined) return;
  const indices = isPlainObject(lookup) ? Object.values(lookup) : null;
  const isIndex = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < size;
  if (indices === null || !indices.every(isIndex) || new Set(indices).size !== indices.length) {
    throw new DescentError(where, lookup, `null or an object of distinct indices in [0, ${size})`);
  }
}

/**
 * Checks the brain.js JSON of a NeuralNetwork (its `toJSON()`) before brain.js reads it:
 * sizes, one layer of finite weights and biases per size, lookups that index the input and
 * output layers. Brain.js itself trusts the JSON (allocating what `sizes` claims and
 * failing later with TypeErrors); a member that passes cannot.
 */
export function checkNetJSON(json: unknown, where: string): asserts json is INeuralNetworkJSON {
  if (!isPlainObject(json) || json.type !== 'NeuralNetwork') throw new DescentError(where, json, 'the JSON of a brain.js NeuralNetwork (net.toJSON())');
  const { sizes, layers } = json;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((n) => Number.isSafeInteger(n) && n >= 1)) {
    throw new DescentError(`${where}.sizes`, sizes, 'an array of at least two layer sizes, integers ≥ 1');
  }
  if (!Array.isArray(layers) || layers.length !== sizes.length) throw new DescentError(`${where}.layers`, layers, `an array of ${sizes.length} layers, one per size`);
  layers.forEach((layer: unknown, i) => {
    const at = `${where}.layers[${i}]`;
    if (!isPlainObject(layer)) throw new DescentError(at, layer, '{ weights, biases }');
    const nodes = i === 0 ? 0 : sizes[i];
    const { weights, biases } = layer;
    if (!Array.isArray(weights) || weights.length !== nodes || !weights.every((row) => isFiniteList(row, sizes[i - 1]))) {
      throw new DescentError(`${at}.weights`, weights, i === 0 ? 'an empty array (the input layer has no weights)' : `${nodes} rows of ${sizes[i - 1]} finite numbers`);
    }
    if (!isFiniteList(biases, nodes)) throw new DescentError(`${at}.biases`, biases, `${nodes} finite numbers`);
  });
  checkLookup(json.inputLookup, sizes[0], `${where}.inputLookup`);
  checkLookup(json.outputLookup, sizes[sizes.length - 1], `${where}.outputLookup`);
  if (json.options !== undefined && !isPlainObject(json.options)) throw new DescentError(`${where}.options`, json.options, 'an object');
  if (json.trainOpts !== undefined && !isPlainObject(json.trainOpts)) throw new DescentError(`${where}.trainOpts`, json.trainOpts, 'an object');
}

/** A brain.js NeuralNetwork from its checked JSON; what brain.js still refuses (its training options) is a DescentError too. */
export function netFromJSON<I extends NetData, O extends NetData>(json: unknown, where: string): NeuralNetwork<I, O> {
  checkNetJSON(json, where);
  try {
    return new NeuralNetwork<I, O>().fromJSON(json);
  } catch (error) {
    throw new DescentError(where, json, `JSON brain.js accepts (${(error as Error).message})`);
  }
}
