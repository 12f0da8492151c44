import type { LayerArrays } from './network';

/** A tensor the optimizer updates: brain.js's own array, its name and shape. */
export interface NamedTensor {
  /** `weights/<layer>` or `biases/<layer>`, with brain.js's layer numbering (1 … outputLayer). */
  readonly name: string;
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

/** Where backpropagation writes one layer's gradients; null for a tensor that is not trained. */
export interface LayerGradients {
  readonly weights: Float32Array | null;
  readonly biases: Float32Array | null;
}

/** The optimizer's name of a layer's weights. */
export const weightsName = (layer: number): string => `weights/${layer}`;
/** The optimizer's name of a layer's biases. */
export const biasesName = (layer: number): string => `biases/${layer}`;

/**
 * The names of a net's trainable tensors (every layer's weights and biases but the frozen
 * layers'), and whether they lie one after another in the buffer layerArrays lays out: the
 * trained layers are one run of consecutive layers.
 */
export function trainableTensors(layerCount: number, frozenLayers: readonly number[]): { names: string[]; consecutive: boolean } {
  const names: string[] = [];
  let first = 0;
  let last = 0;
  for (let layer = 1; layer <= layerCount; layer++) {
    if (frozenLayers.includes(layer)) continue;
    names.push(weightsName(layer), biasesName(layer));
    if (first === 0) first = layer;
    last = layer;
  }
  return { names, consecutive: first > 0 && last - first === names.length / 2 - 1 };
}

/** Sets `array[0 … length)` to 0: a loop when short, where `fill`'s call costs more than the loop. */
export function zero(array: Float32Array | Float64Array, length: number): void {
  if (length >= 64) array.fill(0, 0, length);
  else for (let i = 0; i < length; i++) array[i] = 0;
}

/** The optimizer's name of every trainable value stepped as one tensor (see NetParameters.fused). */
export const FUSED_NAME = 'parameters';

/**
 * The trainable tensors of a net, over brain.js's own weight and bias arrays, with a
 * gradient buffer beside each. Which tensors train is decided by name (frozen layers
 * leave theirs out), so an optimizer keyed by these names keeps its state per tensor.
 * The gradients are views of one flat buffer, in tensor order; so are the values when the
 * trainable tensors lie one after another in the net's buffer (see layerArrays), and then
 * `fused` steps them all as one tensor.
 */
export class NetParameters {
  /** Trainable tensors, in layer order: weights/1, biases/1, weights/2, … */
  readonly tensors: NamedTensor[] = [];
  /** One gradient per tensor, same order and lengths: views of `gradient`. */
  readonly gradients: Float32Array[] = [];
  /** Every trainable tensor's gradient, one after another. */
  readonly gradient: Float32Array;
  /** Every trainable value as one tensor named FUSED_NAME with `gradient`, when they lie one after another in one buffer; else null. */
  readonly fused: { readonly tensor: NamedTensor; readonly gradient: Float32Array } | null;
  /** Gradient buffers by brain.js layer index (index 0 unused). */
  readonly layerGradients: LayerGradients[] = [];
  /** The lowest layer with a trainable tensor (backpropagation stops there); Infinity when none. */
  readonly lowestTrainable: number;
  /** Total number of trainable values. */
  readonly size: number;
  /** Gradient values handed out to tensors so far (while constructing). */
  private filled = 0;

  constructor(
    readonly layers: readonly LayerArrays[],
    isTrainable: (name: string) => boolean,
  ) {
    let size = 0;
    for (const { layer, nodes, incoming } of layers) {
      if (isTrainable(weightsName(layer))) size += nodes * incoming;
      if (isTrainable(biasesName(layer))) size += nodes;
    }
    this.size = size;
    this.gradient = new Float32Array(size);
    let lowest = Infinity;
    this.layerGradients.push({ weights: null, biases: null });
    for (const { layer, nodes, incoming, weights, biases } of layers) {
      const gradients = {
        weights: this.add(weightsName(layer), weights, [nodes, incoming], isTrainable),
        biases: this.add(biasesName(layer), biases, [nodes], isTrainable),
      };
      if (gradients.weights !== null || gradients.biases !== null) lowest = Math.min(lowest, layer);
      this.layerGradients.push(gradients);
    }
    this.lowestTrainable = lowest;
    const values = consecutive(this.tensors.map((t) => t.values));
    this.fused = values === null ? null : { tensor: { name: FUSED_NAME, values, shape: [size] }, gradient: this.gradient };
  }

  private add(name: string, values: Float32Array, shape: number[], isTrainable: (name: string) => boolean): Float32Array | null {
    if (!isTrainable(name)) return null;
    const gradient = this.gradient.subarray(this.filled, this.filled + values.length);
    this.filled += values.length;
    this.tensors.push({ name, values, shape });
    this.gradients.push(gradient);
    return gradient;
  }

  /** Sets every gradient to zero (before accumulating a batch). */
  zeroGradients(): void {
    zero(this.gradient, this.gradient.length);
  }

  /** A copy of every trainable tensor. */
  snapshot(): Float32Array[] {
    return this.tensors.map((t) => t.values.slice());
  }

  /** Writes tensors back from a snapshot (or from averages), in place. */
  restore(values: readonly Float32Array[]): void {
    this.tensors.forEach((t, i) => t.values.set(values[i]));
  }

  /** Copies every trainable value into one flat vector (tensor order). */
  gather(flat: Float32Array): void {
    let offset = 0;
    for (const { values } of this.tensors) {
      flat.set(values, offset);
      offset += values.length;
    }
  }

  /** Copies one flat vector (tensor order) back into the tensors. */
  scatter(flat: ArrayLike<number>): void {
    let offset = 0;
    for (const { values } of this.tensors) {
      for (let i = 0; i < values.length; i++) values[i] = flat[offset + i];
      offset += values.length;
    }
  }
}

/** One view over arrays that lie one after another in one buffer, in order; null when they do not (or there are none). */
function consecutive(arrays: readonly Float32Array[]): Float32Array | null {
  if (arrays.length === 0) return null;
  const first = arrays[0];
  let end = first.byteOffset;
  for (const a of arrays) {
    if (a.buffer !== first.buffer || a.byteOffset !== end) return null;
    end += a.byteLength;
  }
  return new Float32Array(first.buffer, first.byteOffset, (end - first.byteOffset) / 4);
}
