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
 * The trainable tensors of a net, over brain.js's own weight and bias arrays, with a
 * gradient buffer beside each. Which tensors train is decided by name (frozen layers
 * leave theirs out), so an optimizer keyed by these names keeps its state per tensor.
 */
export class NetParameters {
  /** Trainable tensors, in layer order: weights/1, biases/1, weights/2, … */
  readonly tensors: NamedTensor[] = [];
  /** One gradient per tensor, same order and lengths. */
  readonly gradients: Float32Array[] = [];
  /** Gradient buffers by brain.js layer index (index 0 unused). */
  readonly layerGradients: LayerGradients[] = [];
  /** The lowest layer with a trainable tensor (backpropagation stops there); Infinity when none. */
  readonly lowestTrainable: number;
  /** Total number of trainable values. */
  readonly size: number;

  constructor(
    readonly layers: readonly LayerArrays[],
    isTrainable: (name: string) => boolean,
  ) {
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
    this.size = this.tensors.reduce((sum, t) => sum + t.values.length, 0);
  }

  private add(name: string, values: Float32Array, shape: number[], isTrainable: (name: string) => boolean): Float32Array | null {
    if (!isTrainable(name)) return null;
    const gradient = new Float32Array(values.length);
    this.tensors.push({ name, values, shape });
    this.gradients.push(gradient);
    return gradient;
  }

  /** Sets every gradient to zero (before accumulating a batch); a loop for short ones, where `fill`'s call costs more. */
  zeroGradients(): void {
    const gradients = this.gradients;
    for (let k = 0; k < gradients.length; k++) {
      const g = gradients[k];
      if (g.length >= 64) g.fill(0);
      else for (let i = 0; i < g.length; i++) g[i] = 0;
    }
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
  gather(flat: Float32Array, from: readonly Float32Array[] = this.tensors.map((t) => t.values)): void {
    let offset = 0;
    for (const values of from) {
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
