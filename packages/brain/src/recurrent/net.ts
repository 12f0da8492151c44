import { Random } from '@descent/core';
import { recurrent } from 'brain.js';
import type { Matrix } from 'brain.js/dist/recurrent/matrix';
import type { RNN } from 'brain.js/dist/recurrent/rnn';
import type { RNNTimeStep } from 'brain.js/dist/recurrent/rnn-time-step';

/** A brain.js recurrent net: RNN, LSTM, GRU (sequences of characters or values) or RNNTimeStep, LSTMTimeStep, GRUTimeStep (sequences of vectors). */
export type RecurrentNet = RNN | RNNTimeStep;

/** The recurrent cell a net's hidden layers use. */
export type CellKind = 'rnn' | 'lstm' | 'gru';

/** Which recurrent net a net is: its cell, and whether it steps through vectors (TimeStep) or token indices. */
export interface RecurrentKind {
  readonly cell: CellKind;
  readonly timeStep: boolean;
}

/** True for any of brain.js's six recurrent nets. */
export function isRecurrentNet(net: unknown): net is RecurrentNet {
  return net instanceof recurrent.RNN;
}

/** The cell and stepping of a recurrent net. */
export function recurrentKind(net: RecurrentNet): RecurrentKind {
  const timeStep = net instanceof recurrent.RNNTimeStep;
  const cell: CellKind =
    net instanceof recurrent.LSTM || net instanceof recurrent.LSTMTimeStep ? 'lstm' : net instanceof recurrent.GRU || net instanceof recurrent.GRUTimeStep ? 'gru' : 'rnn';
  return { cell, timeStep };
}

/** One of the net's matrices, named for the optimizer: `input`, `hiddenLayers/<l>/<property>`, `outputConnector`, `output`. */
export interface NamedMatrix {
  readonly name: string;
  readonly matrix: Matrix;
}

/** The net's matrices in brain.js's `allMatrices` order, named (the lookup table `input` only for token nets). */
export function namedMatrices(net: RecurrentNet): NamedMatrix[] {
  const { model } = net;
  const named: NamedMatrix[] = [];
  if (!(net instanceof recurrent.RNNTimeStep)) named.push({ name: 'input', matrix: net.model.input });
  model.hiddenLayers.forEach((layer, l) => {
    for (const property of Object.keys(layer)) named.push({ name: `hiddenLayers/${l}/${property}`, matrix: layer[property] });
  });
  named.push({ name: 'outputConnector', matrix: model.outputConnector }, { name: 'output', matrix: model.output });
  return named;
}

/** The sizes a net has, or will have once brain.js initializes it for the data its formatter has seen. */
export interface PlannedSizes {
  readonly inputSize: number;
  readonly inputRange: number;
  readonly outputSize: number;
  readonly timeStep: boolean;
}

/**
 * A net's sizes: its options, except that an uninitialized token net takes all three from
 * its data formatter's characters, as brain.js's `initialize` does.
 */
export function plannedSizes(net: RecurrentNet): PlannedSizes {
  const { inputSize, inputRange, outputSize } = net.options;
  if (net instanceof recurrent.RNNTimeStep) return { inputSize, inputRange, outputSize, timeStep: true };
  const characters = net.options.dataFormatter?.characters.length ?? 0;
  if (!net.model.isInitialized && characters > 0) return { inputSize: characters, inputRange: characters, outputSize: characters, timeStep: false };
  return { inputSize, inputRange, outputSize, timeStep: false };
}

/** brain.js's range for its random matrices: uniform in [−0.08, 0.08). */
const RANDOM_RANGE = 0.08;

/**
 * Gives an uninitialized net its matrices the way brain.js's `initialize` lays them out,
 * with the values brain.js draws from Math.random drawn instead from the seeded generator
 * (uniform in [−0.08, 0.08), brain.js's range; its zero biases stay zero), so that one
 * seed gives one starting point.
 */
export function initializeRecurrentSeeded(net: RecurrentNet, random: Random): void {
  net.initialize();
  for (const { matrix } of namedMatrices(net)) {
    if (!('std' in matrix)) continue;
    const { weights } = matrix;
    for (let i = 0; i < weights.length; i++) weights[i] = random.uniform(-RANDOM_RANGE, RANDOM_RANGE);
  }
}

/**
 * Gives a recurrent net brain.js's matrices for its options, drawn from a seed: the start
 * the trainer gives an uninitialized net when it trains with that seed. Useful to start
 * brain.js's own `train` and the trainer from the same point. A token net needs its data
 * formatter set up first (its sizes come from the characters).
 */
export function seedRecurrentWeights(net: RecurrentNet, seed: number): void {
  initializeRecurrentSeeded(net, new Random(seed).fork());
}

/**
 * Binds brain.js's run equations over the trained matrices: `run` and `forecast` need
 * one, `toFunction` reads the second. brain.js binds more as longer inputs need them.
 */
export function bindRunEquations(net: RecurrentNet): void {
  while (net.model.equations.length < 2) net.bindEquation();
}
