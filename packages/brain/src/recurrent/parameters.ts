import type { NamedTensor } from '../parameters';
import type { TrainableTensors } from '../updates';
import type { LayerSlots } from './cells';
import type { ParameterSlot } from './gate';
import { namedMatrices, type RecurrentNet } from './net';
import type { NetSlots } from './propagation';

/**
 * Every matrix of a brain.js recurrent net as a tensor the optimizer steps, over brain.js's
 * own `weights` arrays (named `input`, `hiddenLayers/<l>/<property>`, `outputConnector`,
 * `output`, shaped [rows, columns]). Backpropagation sums into float64 gradients; `publish`
 * hands them to the optimizer as float32. brain.js's own `deltas` are not used.
 */
export class RecurrentParameters implements TrainableTensors {
  readonly tensors: NamedTensor[];
  readonly gradients: Float32Array[];
  /** The parameters by role, as the propagation reads them. */
  readonly slots: NetSlots;
  private readonly sums: Float64Array[];

  constructor(net: RecurrentNet) {
    const named = namedMatrices(net);
    this.tensors = named.map(({ name, matrix }) => ({ name, values: matrix.weights, shape: [matrix.rows, matrix.columns] }));
    this.gradients = this.tensors.map((t) => new Float32Array(t.values.length));
    this.sums = this.tensors.map((t) => new Float64Array(t.values.length));
    const slot = (i: number): ParameterSlot => ({ values: this.tensors[i].values, gradient: this.sums[i] });
    const byName = new Map(named.map(({ name }, i) => [name, slot(i)]));
    this.slots = {
      input: byName.get('input') ?? null,
      hidden: net.model.hiddenLayers.map((layer, l) => {
        const slots: LayerSlots = {};
        for (const property of Object.keys(layer)) slots[property] = byName.get(`hiddenLayers/${l}/${property}`) as ParameterSlot;
        return slots;
      }),
      outputConnector: byName.get('outputConnector') as ParameterSlot,
      output: byName.get('output') as ParameterSlot,
    };
  }

  /** Sets every gradient sum to zero (before a batch). */
  zeroGradients(): void {
    for (const sum of this.sums) sum.fill(0);
  }

  /** Copies the summed gradients into the optimizer's float32 buffers. */
  publish(): void {
    this.sums.forEach((sum, i) => this.gradients[i].set(sum));
  }

  /** The summed gradients (float64), tensor order. */
  get gradientSums(): readonly Float64Array[] {
    return this.sums;
  }

  /** A copy of every tensor. */
  snapshot(): Float32Array[] {
    return this.tensors.map((t) => t.values.slice());
  }

  /** Writes tensors back from a snapshot (or from averages), in place. */
  restore(values: readonly Float32Array[]): void {
    this.tensors.forEach((t, i) => t.values.set(values[i]));
  }
}
