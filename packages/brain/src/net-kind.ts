import { DescentError } from '@descent/core';
import { AE, CrossValidate, FeedForward, NeuralNetwork, Recurrent, recurrent } from 'brain.js';
import type { BrainNet } from './network';

/** The kinds `train` takes: dense nets (NeuralNetwork, NeuralNetworkGPU) directly, AE and CrossValidate through them. */
const SUPPORTED = 'a brain.js NeuralNetwork or NeuralNetworkGPU (train and trainAsync also take an AE, train a CrossValidate)';

const RECURRENT_ADVICE =
  "@descent/brain does not train brain.js's recurrent nets (its optimizers, dropout and checks are built on NeuralNetwork's dense layers); train this net with brain.js's own net.train(data, options), or, for fixed-length inputs, a NeuralNetwork with descent";
const LAYER_ADVICE =
  "@descent/brain does not train the layer API; a net of dense layers is a new brain.NeuralNetwork({ hiddenLayers, activation }), which descent trains, and other layers train with brain.js's own net.train(data, options)";

/** Kinds that are refused, most derived first (so LSTMTimeStep is named before RNNTimeStep and RNN). */
const REFUSED: readonly [new (...args: never[]) => unknown, string, string][] = [
  [recurrent.LSTMTimeStep, 'brain.recurrent.LSTMTimeStep', RECURRENT_ADVICE],
  [recurrent.GRUTimeStep, 'brain.recurrent.GRUTimeStep', RECURRENT_ADVICE],
  [recurrent.RNNTimeStep, 'brain.recurrent.RNNTimeStep', RECURRENT_ADVICE],
  [recurrent.LSTM, 'brain.recurrent.LSTM', RECURRENT_ADVICE],
  [recurrent.GRU, 'brain.recurrent.GRU', RECURRENT_ADVICE],
  [recurrent.RNN, 'brain.recurrent.RNN', RECURRENT_ADVICE],
  [Recurrent, 'brain.Recurrent (the layer API)', LAYER_ADVICE],
  [FeedForward, 'brain.FeedForward (the layer API)', LAYER_ADVICE],
];

/**
 * The net as the trainer works on it, when it is a NeuralNetwork (a NeuralNetworkGPU is
 * one: on the CPU it keeps its weights in Float32Arrays, which the trainer updates). Any
 * other kind is refused by name, with what to use instead: `train` handles an AE or a
 * CrossValidate before it gets here, the recurrent nets and the layer API are not trained.
 */
export function denseNet(net: unknown, where = 'net'): BrainNet {
  if (net instanceof NeuralNetwork) return net;
  if (net instanceof AE) throw new DescentError(where, 'brain.AE', `${SUPPORTED}: an AE trains through train(ae, data, options) or trainAsync(ae, data, options), not a DescentTrainer`);
  if (net instanceof CrossValidate) throw new DescentError(where, 'brain.CrossValidate', `${SUPPORTED}: a CrossValidate trains through train(cv, data, options, k), not a DescentTrainer or trainAsync`);
  const refused = REFUSED.find(([kind]) => net instanceof kind);
  if (refused !== undefined) throw new DescentError(where, refused[1], `${SUPPORTED}; ${refused[2]}`);
  throw new DescentError(where, net, SUPPORTED);
}
