import { DescentError, dropoutMask, Random, type OptimizerState } from '@descent/core';
import type { Datum, TrainOptions } from '../options';
import { earlyStoppingFor, runToEnd, runToEndAsync, trainingLoop, type TrainingStatus } from '../training-loop';
import { readTrainerState } from '../trainer-state';
import { FirstOrderUpdate } from '../updates';
import { checkHiddenLayers, checkRecurrentNet } from './check';
import { checkSequences, formatSequences, withRecurrentFormatRollback } from './data';
import { bindRunEquations, initializeRecurrentSeeded, plannedSizes, recurrentKind, type RecurrentNet } from './net';
import { RecurrentParameters } from './parameters';
import { SequencePropagation, type Sequence, type SequenceMasks } from './propagation';
import { resolveRecurrentOptions, type RecurrentResolvedOptions } from './options';

/** Training data of a recurrent net, in any form brain.js's own `train` takes for it. */
export type RecurrentData = readonly (string | readonly unknown[] | Datum | Record<string, number>)[];

/** The `format` of a recurrent trainer's exported state. */
export const RECURRENT_TRAINER_STATE_FORMAT = 'descent-brain-recurrent-trainer/1';

/** A recurrent trainer's state as plain JSON: epochs, the optimizer's state and the generators'. */
export interface RecurrentTrainerState {
  format: typeof RECURRENT_TRAINER_STATE_FORMAT;
  epochs: number;
  update: OptimizerState;
  random: { initialize: number[]; shuffle: number[]; dropout: number[] };
}

/** Everything one call of `train` works on, built after the data passed every check. */
interface Session {
  sequences: Sequence[];
  validation: Sequence[] | null;
  parameters: RecurrentParameters;
  propagation: SequencePropagation;
  masks: SequenceMasks | null;
  rates: { input: number; hidden: readonly number[] };
}

/** The dropout rate of each hidden layer, checked against the net's layer count. */
function hiddenRates(dropout: number | readonly number[], layers: number): readonly number[] {
  if (typeof dropout === 'number') return Array.from({ length: layers }, () => dropout);
  if (dropout.length !== layers) throw new DescentError('options.dropout', dropout, `one rate per hidden layer (${layers}), or one rate for all`);
  return dropout;
}

/**
 * Trains a brain.js recurrent net (RNN, LSTM, GRU, RNNTimeStep, LSTMTimeStep,
 * GRUTimeStep) in place with any first-order descent rule, schedules, transforms,
 * averaging, mini-batches of sequences, validation with early stopping and variational
 * dropout. The gradient is exact backpropagation through time of brain.js's loss
 * (softmax cross-entropy on token nets, squared error on TimeStep nets), zeroed before
 * every batch. The net stays a plain brain.js net: `run`, `forecast`, `toJSON`,
 * `toFunction`.
 *
 * Dropout is variational (Gal & Ghahramani): one mask per sequence, the same at every
 * step, on the inputs (`inputDropout`), on each hidden layer's output where the layer
 * above (or the output) reads it, and on its previous output where its own matrices read
 * it (`dropout`); the LSTM's and GRU's carried state is not masked. Masks are inverted
 * (scaled by 1/(1 − rate)), so inference needs no change.
 */
export class RecurrentTrainer {
  /** The options, checked and completed with their defaults. */
  readonly options: RecurrentResolvedOptions;
  private readonly update: FirstOrderUpdate;
  private initializeRandom: Random;
  private shuffleRandom: Random;
  private dropoutRandom: Random;
  private epochs = 0;

  constructor(
    readonly net: RecurrentNet,
    options: TrainOptions = {},
  ) {
    this.options = resolveRecurrentOptions(net, options);
    this.update = new FirstOrderUpdate(this.options.update.config);
    const root = new Random(this.options.seed);
    this.initializeRandom = root.fork();
    this.shuffleRandom = root.fork();
    this.dropoutRandom = root.fork();
  }

  /** Epochs trained by this trainer over all calls. */
  get epochsTrained(): number {
    return this.epochs;
  }

  /** The learning rate of the next optimizer step. */
  get learningRate(): number {
    return this.update.learningRate;
  }

  /** Trains on `data` until a stopping condition; returns the status. */
  train(data: RecurrentData): TrainingStatus {
    return runToEnd(this.run(data, false));
  }

  /** The same as `train`, yielding to the event loop after every epoch. */
  trainAsync(data: RecurrentData): Promise<TrainingStatus> {
    return runToEndAsync(this.run(data, true));
  }

  /** The trainer's state as plain JSON; with the net's JSON it resumes training exactly. */
  exportState(): RecurrentTrainerState {
    return {
      format: RECURRENT_TRAINER_STATE_FORMAT,
      epochs: this.epochs,
      update: this.update.exportState(),
      random: { initialize: this.initializeRandom.getState(), shuffle: this.shuffleRandom.getState(), dropout: this.dropoutRandom.getState() },
    };
  }

  /** Restores an exported state into a trainer made with the same options. A rejected state changes nothing. */
  importState(state: RecurrentTrainerState): void {
    const { epochs, randoms } = readTrainerState(state, RECURRENT_TRAINER_STATE_FORMAT, ['initialize', 'shuffle', 'dropout']);
    this.update.importState(state.update);
    [this.initializeRandom, this.shuffleRandom, this.dropoutRandom] = randoms;
    this.epochs = epochs;
  }

  /** One call of training: checks, then epochs (a yield after each with `pauses`), then the weights it ends with. */
  private *run(data: RecurrentData, pauses: boolean): Generator<void, TrainingStatus, void> {
    const session = this.prepare(data);
    const early = earlyStoppingFor(this.options);
    const runner = {
      epoch: () => {
        const error = this.epoch(session);
        this.epochs++;
        return error;
      },
      validationError: () => (session.validation === null ? null : this.validationError(session, session.validation)),
      currentWeights: () => this.currentWeights(session.parameters),
    };
    let status: TrainingStatus | null = null;
    try {
      status = yield* trainingLoop(this.options, this.update, runner, early, pauses);
    } finally {
      if (status !== null) {
        const weights = early?.bestWeights ?? (this.options.useAverage ? this.update.averages(session.parameters) : null);
        if (weights !== null) session.parameters.restore(weights);
      }
      bindRunEquations(this.net);
    }
    return status;
  }

  /** Formats and checks the data (formatting state rolled back if anything fails), then readies the net. */
  private prepare(data: RecurrentData): Session {
    const { net, options } = this;
    const initialized = net.model.isInitialized;
    const checked = withRecurrentFormatRollback(net, () => {
      if (initialized) checkRecurrentNet(net);
      else checkHiddenLayers(net);
      const sequences = formatSequences(net, data, 'data', initialized);
      const validation = options.validation === null ? null : formatSequences(net, options.validation.data, 'options.validation.data', true);
      const rates = { input: options.inputDropout, hidden: hiddenRates(options.dropout, net.options.hiddenLayers.length) };
      const sizes = plannedSizes(net);
      checkSequences(sizes, sequences, 'data');
      if (validation !== null) checkSequences(sizes, validation, 'options.validation.data');
      return { sequences, validation, rates };
    });
    if (!initialized) initializeRecurrentSeeded(net, this.initializeRandom);
    const { inputSize, outputSize, hiddenLayers } = net.options;
    const kind = recurrentKind(net);
    const parameters = new RecurrentParameters(net);
    const propagation = new SequencePropagation(kind, parameters.slots, hiddenLayers, inputSize, kind.timeStep ? outputSize : outputSize + 1);
    const { rates } = checked;
    const dropping = rates.input > 0 || rates.hidden.some((rate) => rate > 0);
    const mask = (rate: number, size: number) => (rate > 0 ? new Float64Array(size) : null);
    const masks = dropping ? { input: mask(rates.input, inputSize), up: hiddenLayers.map((size, l) => mask(rates.hidden[l], size)), recurrent: hiddenLayers.map((size, l) => mask(rates.hidden[l], size)) } : null;
    return { ...checked, parameters, propagation, masks };
  }

  /** One epoch of mini-batches of sequences; returns brain.js's error (with dropout: measured at inference after the epoch). */
  private epoch(session: Session): number {
    const { sequences, parameters, propagation, masks } = session;
    const { batchSize, shuffle } = this.options;
    const indices = Array.from({ length: sequences.length }, (_, i) => i);
    const order = shuffle ? this.shuffleRandom.shuffle(indices) : indices;
    let errorSum = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const end = Math.min(order.length, start + batchSize);
      const scale = 1 / (end - start);
      parameters.zeroGradients();
      for (let i = start; i < end; i++) {
        if (masks !== null) this.fillMasks(masks, session.rates);
        errorSum += propagation.train(sequences[order[i]], scale, masks ?? undefined).error;
      }
      parameters.publish();
      this.update.step(parameters);
    }
    return masks === null ? errorSum / sequences.length : this.meanError(propagation, sequences);
  }

  private fillMasks(masks: SequenceMasks, rates: Session['rates']): void {
    const random = this.dropoutRandom;
    if (masks.input !== null) dropoutMask(random, rates.input, masks.input);
    masks.up.forEach((mask, l) => mask !== null && dropoutMask(random, rates.hidden[l], mask));
    masks.recurrent.forEach((mask, l) => mask !== null && dropoutMask(random, rates.hidden[l], mask));
  }

  /** The validation error at inference, on the averaged weights when those are used. */
  private validationError({ parameters, propagation }: Session, validation: readonly Sequence[]): number {
    const averages = this.options.useAverage ? this.update.averages(parameters) : null;
    const current = averages === null ? null : parameters.snapshot();
    if (averages !== null) parameters.restore(averages);
    const error = this.meanError(propagation, validation);
    if (current !== null) parameters.restore(current);
    return error;
  }

  /** brain.js's error over sequences at inference (no dropout). */
  private meanError(propagation: SequencePropagation, sequences: readonly Sequence[]): number {
    let sum = 0;
    for (const sequence of sequences) sum += propagation.evaluate(sequence).error;
    return sum / sequences.length;
  }

  /** Copies of the weights the net would end with now: the averaged ones when used. */
  private currentWeights(parameters: RecurrentParameters): Float32Array[] {
    const averages = this.options.useAverage ? this.update.averages(parameters) : null;
    return averages === null ? parameters.snapshot() : averages.map((a) => a.slice());
  }
}
