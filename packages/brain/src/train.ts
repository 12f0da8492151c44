import { DescentError, isPlainObject } from '@descent/core';
import { AE, CrossValidate, NeuralNetwork } from 'brain.js';
import type { DenseNet, NetData } from './network';
import type { Datum, TrainOptions } from './options';
import { isRecurrentNet, type RecurrentNet } from './recurrent/net';
import { RecurrentTrainer, type RecurrentData } from './recurrent/trainer';
import { DescentTrainer, type TrainingStatus } from './trainer';

/** Data and options of any net, inside the implementations. */
type AnyDatum = Datum<Partial<NetData>, Partial<NetData>>;
type AnyOptions = TrainOptions<Partial<NetData>, Partial<NetData>>;

/** A CrossValidate over brain.js NeuralNetworks, as `new CrossValidate(() => new NeuralNetwork(options))` makes it. */
export type NetCrossValidate<I extends NetData, O extends NetData> = CrossValidate<() => NeuralNetwork<I, O>>;

/** What brain.js's `cv.train` returns: averages, statistics and every fold's net as JSON. */
export type CrossValidateStats<I extends NetData, O extends NetData> = ReturnType<NetCrossValidate<I, O>['train']>;

/**
 * Trains a brain.js net in place with descent's trainer and returns the status: the
 * one-line replacement of `net.train(data, options)`, e.g. with `{ dropout: 0.5 }`.
 * Takes a NeuralNetwork or NeuralNetworkGPU; an AE (its data is the inputs, each its own
 * target; the decoder is rebuilt from the trained net, as brain.js does); or a
 * CrossValidate (each of brain.js's `k` folds trained by descent with these options;
 * returns brain.js's statistics); or a recurrent net (RNN, LSTM, GRU and their TimeStep
 * kinds, with the data brain.js's own `train` takes; see `RecurrentTrainer`). Any other
 * brain.js kind is refused by name.
 *
 * @example
 * const net = new NeuralNetwork({ hiddenLayers: [32] });
 * train(net, [{ input: [0, 1], output: [1] }, { input: [1, 1], output: [0] }], {
 *   optimizer: { type: 'adam', learningRate: 0.01 },
 *   batchSize: 2,
 *   dropout: 0.2,
 *   iterations: 200,
 * });
 */
export function train<I extends NetData, O extends NetData>(net: DenseNet<I, O>, data: Datum<Partial<I>, Partial<O>>[], options?: TrainOptions<Partial<I>, Partial<O>>): TrainingStatus;
export function train(net: RecurrentNet, data: RecurrentData, options?: TrainOptions): TrainingStatus;
export function train<D extends NetData, E extends NetData>(ae: AE<D, E>, data: D[], options?: TrainOptions<Partial<D>, Partial<D>>): TrainingStatus;
export function train<I extends NetData, O extends NetData>(
  cv: NetCrossValidate<I, O>,
  data: Datum<Partial<I>, Partial<O>>[],
  options?: TrainOptions<Partial<I>, Partial<O>>,
  k?: number,
): CrossValidateStats<I, O>;
export function train(
  net: DenseNet<NetData, NetData> | AE<NetData, NetData> | NetCrossValidate<NetData, NetData> | RecurrentNet,
  data: readonly unknown[],
  given: TrainOptions = {},
  k = 4,
): TrainingStatus | CrossValidateStats<NetData, NetData> {
  if (isRecurrentNet(net)) return new RecurrentTrainer(net, given).train(data as RecurrentData);
  const options = given as AnyOptions;
  if (net instanceof AE) return trainAutoencoder(net, data, (denoiser, pairs) => new DescentTrainer(denoiser, options).train(pairs));
  if (net instanceof CrossValidate) return crossValidate(net, data as AnyDatum[], options, k);
  return new DescentTrainer(net, options).train(data as AnyDatum[]);
}

/**
 * The same as `train`, yielding to the event loop after every epoch: the one-line
 * replacement of `net.trainAsync(data, options)` for a NeuralNetwork, NeuralNetworkGPU,
 * AE or recurrent net. Bad input rejects the promise.
 */
export async function trainAsync<I extends NetData, O extends NetData>(net: DenseNet<I, O>, data: Datum<Partial<I>, Partial<O>>[], options?: TrainOptions<Partial<I>, Partial<O>>): Promise<TrainingStatus>;
export async function trainAsync(net: RecurrentNet, data: RecurrentData, options?: TrainOptions): Promise<TrainingStatus>;
export async function trainAsync<D extends NetData, E extends NetData>(ae: AE<D, E>, data: D[], options?: TrainOptions<Partial<D>, Partial<D>>): Promise<TrainingStatus>;
export async function trainAsync(net: DenseNet<NetData, NetData> | AE<NetData, NetData> | RecurrentNet, data: readonly unknown[], given: TrainOptions = {}): Promise<TrainingStatus> {
  if (isRecurrentNet(net)) return new RecurrentTrainer(net, given).trainAsync(data as RecurrentData);
  const options = given as AnyOptions;
  if (net instanceof AE) return trainAutoencoder(net, data, (denoiser, pairs) => new DescentTrainer(denoiser, options).trainAsync(pairs));
  return new DescentTrainer(net, options).trainAsync(data as AnyDatum[]);
}

/**
 * Trains an AE as brain.js's `ae.train` does: its denoiser (a NeuralNetworkGPU) learns each
 * input as its own target, then the decoder is built from the trained layers.
 */
function trainAutoencoder<R extends TrainingStatus | Promise<TrainingStatus>>(
  ae: AE<NetData, NetData>,
  data: unknown,
  run: (denoiser: DenseNet<NetData, NetData>, pairs: AnyDatum[]) => R,
): R {
  if (!Array.isArray(data)) throw new DescentError('data', data, "a non-empty array of the autoencoder's inputs");
  const finish = (status: TrainingStatus): TrainingStatus => {
    ae['decoder'] = ae['createDecoder']();
    return status;
  };
  const result = run(ae['denoiser'], data.map((input: NetData) => ({ input, output: input })));
  return (result instanceof Promise ? result.then(finish) : finish(result as TrainingStatus)) as R;
}

/**
 * brain.js's cross-validation (its folds, its statistics, `cv.toNeuralNetwork()` after)
 * with every fold's net trained by descent: the classifiers `cv` makes while it runs
 * train through a DescentTrainer with `options`. The options are checked on a first
 * classifier before any fold starts.
 */
function crossValidate(cv: NetCrossValidate<NetData, NetData>, data: AnyDatum[], options: AnyOptions, k: number): CrossValidateStats<NetData, NetData> {
  if (!Number.isInteger(k) || k < 2) throw new DescentError('k', k, 'the number of folds, an integer ≥ 2');
  if (!Array.isArray(data) || data.length < k) throw new DescentError('data', data, `an array of at least k = ${k} samples (one per fold)`);
  if (!isPlainObject(options)) throw new DescentError('options', options, 'an object of training options');
  const create = cv.initClassifier;
  new DescentTrainer(create(), options);
  cv.initClassifier = () => {
    const net = create();
    const trainer = new DescentTrainer(net, options);
    net.train = (fold) => trainer.train(fold);
    return net;
  };
  try {
    return cv.train(data, {}, k);
  } finally {
    cv.initClassifier = create;
  }
}
