import { DescentError, positiveInteger } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import type { INeuralNetworkJSON } from 'brain.js/dist/neural-network';
import { netFromJSON } from './net-json';
import { isInitialized, type BrainNet, type NetData } from './network';
import type { Datum, TrainOptions } from './options';
import { train } from './train';
import type { TrainingStatus } from './trainer';

/** The `type` of an ensemble's JSON. */
export const ENSEMBLE_TYPE = 'DescentEnsemble';

/** An ensemble as JSON: its members' brain.js JSON. */
export interface EnsembleJSON {
  type: typeof ENSEMBLE_TYPE;
  members: INeuralNetworkJSON[];
}

/**
 * Several trained brain.js nets answering together: `run` averages their outputs
 * (arrays element by element, lookup objects key by key). Every member stays a plain
 * brain.js net. Members must agree on their inputs and outputs.
 */
export class Ensemble<I extends NetData = NetData, O extends NetData = NetData> {
  constructor(readonly members: readonly NeuralNetwork<I, O>[]) {
    if (!Array.isArray(members) || members.length === 0) throw new DescentError('members', members, 'a non-empty array of trained brain.js NeuralNetworks');
    const [first] = members;
    members.forEach((net: BrainNet, i) => {
      if (!(net instanceof NeuralNetwork) || !isInitialized(net)) throw new DescentError(`members[${i}]`, net, 'a trained brain.js NeuralNetwork');
      for (const end of [0, -1]) {
        const size = net.sizes.at(end);
        if (size !== first.sizes.at(end)) throw new DescentError(`members[${i}].sizes`, net.sizes, `${end === 0 ? 'inputs' : 'outputs'} like members[0] (${first.sizes.at(end)})`);
      }
      if (JSON.stringify(net.outputLookup) !== JSON.stringify(first.outputLookup)) throw new DescentError(`members[${i}].outputLookup`, net.outputLookup, 'the output lookup of members[0]');
    });
  }

  /** The members' outputs for `input`, averaged. */
  run(input: Partial<I>): O {
    const outputs = this.members.map((net) => net.run(input) as ArrayLike<number> | Record<string, number>);
    const first = outputs[0];
    if (ArrayBuffer.isView(first) || Array.isArray(first)) {
      const mean = new Float32Array((first as ArrayLike<number>).length);
      for (const output of outputs as ArrayLike<number>[]) for (let j = 0; j < mean.length; j++) mean[j] += output[j] / outputs.length;
      return mean as O;
    }
    const mean: Record<string, number> = {};
    for (const output of outputs as Record<string, number>[]) for (const [key, value] of Object.entries(output)) mean[key] = (mean[key] ?? 0) + value / outputs.length;
    return mean as O;
  }

  /** Every member's brain.js JSON. */
  toJSON(): EnsembleJSON {
    return { type: ENSEMBLE_TYPE, members: this.members.map((net) => net.toJSON()) };
  }

  /**
   * An ensemble rebuilt from `toJSON`, each member a brain.js NeuralNetwork from its own
   * JSON, checked before brain.js reads it (see checkNetJSON): bad JSON is a DescentError.
   */
  static fromJSON<I extends NetData = NetData, O extends NetData = NetData>(json: EnsembleJSON): Ensemble<I, O> {
    if (typeof json !== 'object' || json === null || json.type !== ENSEMBLE_TYPE || !Array.isArray(json.members)) {
      throw new DescentError('json', json, `{ type: "${ENSEMBLE_TYPE}", members } from Ensemble.toJSON`);
    }
    return new Ensemble<I, O>(json.members.map((member, i) => netFromJSON<I, O>(member, `json.members[${i}]`)));
  }
}

/**
 * Trains `count` members made by `createNet` on the same data with the same options,
 * member i with seed `options.seed + i` (so each starts, shuffles and drops out
 * differently), and returns them as an ensemble with their statuses.
 */
export function trainEnsemble<I extends NetData, O extends NetData>(
  count: number,
  createNet: (index: number) => NeuralNetwork<I, O>,
  data: Datum<Partial<I>, Partial<O>>[],
  options: TrainOptions<Partial<I>, Partial<O>> = {},
): { ensemble: Ensemble<I, O>; statuses: TrainingStatus[] } {
  if (!positiveInteger.test(count)) throw new DescentError('count', count, positiveInteger.allowed);
  const members: NeuralNetwork<I, O>[] = [];
  const statuses = Array.from({ length: count }, (_, i) => {
    const net = createNet(i);
    members.push(net);
    return train<I, O>(net, data, { ...options, seed: (options.seed ?? 0) + i });
  });
  return { ensemble: new Ensemble<I, O>(members), statuses };
}
