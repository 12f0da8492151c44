import { DescentError, Random } from '@descent/core';
import type { NeuralNetwork, NeuralNetworkGPU } from 'brain.js';
import type { INeuralNetworkData } from 'brain.js/dist/neural-network';

/** What a brain.js net takes and gives: arrays, Float32Arrays or lookup objects. */
export type NetData = INeuralNetworkData;

/** A net the trainer takes: a NeuralNetwork, or a NeuralNetworkGPU (trained on its CPU arrays). */
export type DenseNet<I extends NetData, O extends NetData> = NeuralNetwork<I, O> | NeuralNetworkGPU<I, O>;

/** Inside the package: a brain.js net of any data types (the trainer only touches the untyped parts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BrainNet = NeuralNetwork<any, any>;

/** The activations brain.js's NeuralNetwork knows, as it spells them. */
export const ACTIVATIONS = ['sigmoid', 'relu', 'leaky-relu', 'tanh'] as const;

/** One of brain.js's activations. */
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * The weights of one layer as one row-major Float32Array (node × incoming), shared with
 * brain.js: `net.weights[layer][node]` are views into it, so brain.js's own `run`,
 * `toJSON` and `toFunction` read exactly what the trainer updates.
 */
export interface LayerArrays {
  /** The layer's index in brain.js (1 … outputLayer). */
  readonly layer: number;
  readonly nodes: number;
  readonly incoming: number;
  readonly weights: Float32Array;
  readonly biases: Float32Array;
}

/** True when the net has its weights (brain.js initializes lazily, at the first `train`). */
export function isInitialized(net: BrainNet): boolean {
  return net.outputLayer > 0 && net.weights[net.outputLayer] !== undefined;
}

/**
 * The layer sizes the net will have for data with these input and output lengths:
 * its own sizes when it has them (given at construction or by an earlier training),
 * else brain.js's rule (its `hiddenLayers`, or one hidden layer of max(3, ⌊inputs/2⌋)).
 */
export function plannedSizes(net: BrainNet, inputLength: number, outputLength: number): number[] {
  if (net.sizes.length > 1) return [...net.sizes];
  const hidden = net.options.hiddenLayers ?? [Math.max(3, Math.floor(inputLength / 2))];
  return [inputLength, ...hidden, outputLength];
}

/**
 * Gives an uninitialized net its layers, the way brain.js's own training would, but with
 * weights and biases drawn from the seeded generator (uniform in [−0.2, 0.2), the range
 * of brain.js's `randomWeight`) so that one seed gives one starting point.
 */
export function initializeSeeded(net: BrainNet, sizes: readonly number[], random: Random): void {
  net.sizes = [...sizes];
  net.initialize();
  for (let layer = 1; layer < sizes.length; layer++) {
    for (const row of net.weights[layer]) fillUniform(row, random);
    fillUniform(net.biases[layer], random);
  }
}

/**
 * Gives a net whose sizes are known (constructed with inputSize and outputSize, or
 * trained before) fresh starting weights from a seed: the weights the trainer gives an
 * uninitialized net when it trains with that seed. Useful to start brain.js's own
 * `train` and the trainer from the same point.
 */
export function seedWeights<I extends NetData, O extends NetData>(net: NeuralNetwork<I, O>, seed: number): void {
  if (net.sizes.length < 2) throw new DescentError('net.sizes', net.sizes, 'known layer sizes (construct the net with inputSize and outputSize)');
  initializeSeeded(net, net.sizes, new Random(seed).fork());
}

function fillUniform(values: Float32Array, random: Random): void {
  for (let i = 0; i < values.length; i++) values[i] = random.uniform(-0.2, 0.2);
}

/**
 * Lays the net's weights and biases out in one Float32Array, layer by layer (weights/1,
 * biases/1, weights/2, …, each layer's weights row-major node × incoming), with brain.js's
 * node rows and bias arrays as views into it (values copied in when they are not laid out
 * that way yet), and returns the layers. The net stays an ordinary brain.js NeuralNetwork,
 * whose `run`, `toJSON` and `toFunction` read exactly what the trainer updates; consecutive
 * trainable tensors can then be stepped as one.
 */
export function layerArrays(net: BrainNet): LayerArrays[] {
  let total = 0;
  for (let layer = 1; layer <= net.outputLayer; layer++) total += (net.sizes[layer - 1] + 1) * net.sizes[layer];
  const shared = sharedBuffer(net, total);
  const buffer = shared ?? new Float32Array(total);
  const layers: LayerArrays[] = [];
  let offset = 0;
  for (let layer = 1; layer <= net.outputLayer; layer++) {
    const nodes = net.sizes[layer];
    const incoming = net.sizes[layer - 1];
    const weights = buffer.subarray(offset, offset + nodes * incoming);
    const biases = buffer.subarray(offset + nodes * incoming, offset + (incoming + 1) * nodes);
    offset += (incoming + 1) * nodes;
    if (shared === null) {
      const rows = net.weights[layer];
      for (let node = 0; node < nodes; node++) {
        weights.set(rows[node], node * incoming);
        rows[node] = weights.subarray(node * incoming, (node + 1) * incoming);
      }
      biases.set(net.biases[layer]);
      net.biases[layer] = biases;
    }
    layers.push({ layer, nodes, incoming, weights, biases });
  }
  return layers;
}

/** True when two layouts of a net's layers have the same sizes over the very same memory, layer by layer. */
export function sameLayout(a: readonly LayerArrays[], b: readonly LayerArrays[]): boolean {
  const same = (x: Float32Array, y: Float32Array) => x.buffer === y.buffer && x.byteOffset === y.byteOffset && x.length === y.length;
  return a.length === b.length && a.every((layer, i) => layer.nodes === b[i].nodes && layer.incoming === b[i].incoming && same(layer.weights, b[i].weights) && same(layer.biases, b[i].biases));
}

/** The one buffer the net's rows and biases already are views of, in layerArrays's order, or null. */
function sharedBuffer(net: BrainNet, total: number): Float32Array | null {
  const first = net.weights[1]?.[0];
  if (!(first instanceof Float32Array)) return null;
  let at = first.byteOffset;
  const follows = (values: unknown, length: number): boolean => {
    if (!(values instanceof Float32Array) || values.buffer !== first.buffer || values.byteOffset !== at || values.length !== length) return false;
    at += 4 * length;
    return true;
  };
  for (let layer = 1; layer <= net.outputLayer; layer++) {
    const incoming = net.sizes[layer - 1];
    const rows = net.weights[layer];
    if (rows.length !== net.sizes[layer]) return null;
    for (let node = 0; node < rows.length; node++) if (!follows(rows[node], incoming)) return null;
    if (!follows(net.biases[layer], net.sizes[layer])) return null;
  }
  return new Float32Array(first.buffer, first.byteOffset, total);
}

/** The net's activation, checked. */
export function activationOf(net: BrainNet): Activation {
  const activation = net.trainOpts.activation;
  if (!(ACTIVATIONS as readonly string[]).includes(activation)) {
    throw new DescentError('net.trainOpts.activation', activation, `one of ${ACTIVATIONS.map((a) => `"${a}"`).join(', ')}`);
  }
  return activation as Activation;
}
