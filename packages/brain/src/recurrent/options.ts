import { DescentError, type FirstOrderRuleConfig, type OptimizerConfig } from '@descent/core';
import { commonFields, resolveWith, type CommonScalars, type SharedResolved, type TrainOptions } from '../options';
import type { RecurrentNet } from './net';

/** Options a recurrent net takes beside its scalars. */
const STRUCTURED = ['optimizer', 'schedule', 'transforms', 'average', 'groups', 'learningRate', 'dropout', 'validation', 'useAverage', 'callback', 'progress'];

/** Options of the dense trainer that a recurrent net does not take, and why. */
const NOT_FOR_RECURRENT: Record<string, string> = {
  activation: "no activation: brain.js's recurrent cells have fixed nonlinearities (relu for RNN, sigmoid and tanh in LSTM and GRU)",
  leakyReluAlpha: "no leakyReluAlpha: brain.js's recurrent cells have fixed nonlinearities",
  momentum: 'no momentum: brain.js\'s recurrent nets have no sgd of their own; choose a rule, e.g. optimizer: { type: "sgd", momentum: 0.9 }',
  praxis: 'no praxis: choose a rule, e.g. optimizer: { type: "adam" }',
  beta1: 'no beta1: set it inside optimizer, e.g. optimizer: { type: "adam", beta1: 0.9 }',
  beta2: 'no beta2: set it inside optimizer, e.g. optimizer: { type: "adam", beta2: 0.999 }',
  epsilon: 'no epsilon: set it inside optimizer',
  frozenLayers: 'no frozenLayers: a recurrent net trains all its matrices',
  augment: "no augment: it augments a dense net's fixed-length inputs",
};

/** Recurrent training options, checked and completed with their defaults. */
export type RecurrentResolvedOptions = SharedResolved<CommonScalars> & { readonly update: { kind: 'first-order'; config: OptimizerConfig } };

/**
 * brain.js's own rule for its recurrent nets, as near as descent's rules say it: RMSProp
 * with the net's learning rate and `decayRate`, ε = √smoothEps (brain.js divides by
 * √(cache + smoothEps)), and every gradient clipped to ±clipval (unless `transforms` are
 * given). brain.js clips after updating its square average and decays weights by `regc`
 * outside the rate; descent's rmsprop clips first and has no `regc`.
 */
function brainRecurrentRule(net: RecurrentNet, options: TrainOptions): FirstOrderRuleConfig {
  return { type: 'rmsprop', learningRate: options.learningRate ?? net.trainOpts.learningRate, decay: net.options.decayRate, epsilon: Math.sqrt(net.options.smoothEps) };
}

/**
 * Checks a recurrent net's training options and fills in the defaults: brain.js's names
 * from the net's trainOpts, descent's from the core. Options that only a NeuralNetwork
 * takes, L-BFGS and classic dropout are refused by name.
 */
export function resolveRecurrentOptions(net: RecurrentNet, options: TrainOptions): RecurrentResolvedOptions {
  if (typeof options === 'object' && options !== null) {
    for (const [key, reason] of Object.entries(NOT_FOR_RECURRENT)) {
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined) throw new DescentError(`options.${key}`, value, `${reason} (${net.constructor.name} is a recurrent net)`);
    }
  }
  const withClip: TrainOptions =
    typeof options === 'object' && options !== null && options.optimizer === undefined && options.transforms === undefined
      ? { ...options, transforms: [{ type: 'clipByValue', clipValue: net.options.clipval }] }
      : options;
  const resolved = resolveWith(
    { fields: commonFields(net.trainOpts), brainRule: (given) => brainRecurrentRule(net, given), brainRuleOptions: ['learningRate'], structured: STRUCTURED },
    withClip,
  );
  if (resolved.update.kind === 'lbfgs') throw new DescentError('options.optimizer', options.optimizer, 'a first-order rule: lbfgs is for NeuralNetwork, a recurrent net trains on mini-batches of sequences');
  if (resolved.dropoutMode !== 'inverted') throw new DescentError('options.dropoutMode', resolved.dropoutMode, '"inverted": a recurrent net drops out with inverted (variational) masks');
  return resolved as RecurrentResolvedOptions;
}
