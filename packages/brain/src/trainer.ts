import { DescentError, Random, SharpnessAware, type LbfgsState, type OptimizerState } from '@descent/core';
import { TrainingAugmentation } from './augmentation';
import { checkSamples, formatSamples, withFormatRollback, type Sample } from './data';
import { DropoutLayers } from './dropout-layers';
import type { EarlyStopping } from './early-stopping';
import { readTrainerState } from './trainer-state';
import { earlyStoppingFor, runToEnd, runToEndAsync, trainingLoop, type StopReason, type TrainingStatus } from './training-loop';
import { NeuralNetworkGPU } from 'brain.js';
import { initializeSeeded, isInitialized, layerArrays, plannedSizes, sameLayout, type BrainNet, type DenseNet, type LayerArrays, type NetData } from './network';
import { denseNet } from './net-kind';
import { checkNetArrays } from './net-check';
import { resolveOptions, type Datum, type ResolvedOptions, type TrainOptions } from './options';

export type { StopReason, TrainingStatus };
import { biasesName, NetParameters, trainableTensors, weightsName } from './parameters';
import { Propagation } from './propagation';
import { FirstOrderUpdate, LbfgsUpdate } from './updates';

/** A NeuralNetworkGPU builds its run kernels for one activation: rebuilt when training changes it. */
function rebuildGpuRun(net: BrainNet): void {
  if (net instanceof NeuralNetworkGPU) net.buildRunInput();
}

/** The `format` of a trainer's exported state. */
export const TRAINER_STATE_FORMAT = 'descent-brain-trainer/1';

/** A trainer's state as plain JSON: epochs, the optimizer's state and the generators'. */
export interface TrainerState {
  format: typeof TRAINER_STATE_FORMAT;
  epochs: number;
  update: OptimizerState | LbfgsState;
  random: { initialize: number[]; shuffle: number[]; dropout: number[]; augment: number[] };
}

/** The data and layout of one call of `train`, once every check passed. */
interface Checked {
  samples: Sample[];
  validation: Sample[] | null;
  sizes: number[];
  rates: number[];
  augmentation: TrainingAugmentation | null;
}

/** What training works on for one layout of the net's arrays; kept from call to call while the net keeps that layout. */
interface Built {
  parameters: NetParameters;
  propagation: Propagation;
  dropout: DropoutLayers;
}

/** Everything one call of `train` works on, built after the data passed every check. */
interface Session {
  samples: Sample[];
  validation: Sample[] | null;
  parameters: NetParameters;
  propagation: Propagation;
  dropout: DropoutLayers;
  augmentation: TrainingAugmentation | null;
  early: EarlyStopping | null;
  outputs: number;
}

/**
 * Trains a brain.js NeuralNetwork with any descent optimizer, mini-batches, dropout,
 * schedules, transforms, averaging, frozen layers and early stopping, in place: the net
 * stays a plain brain.js net (`run`, `test`, `toJSON`, `toFunction`), with no dropout at
 * inference. Options are checked when the trainer is made; data when `train` is called,
 * before any weight changes. The optimizer's state persists from one `train` call to the next.
 *
 * @example
 * const net = new NeuralNetwork({ inputSize: 784, hiddenLayers: [64], outputSize: 10 });
 * const trainer = new DescentTrainer(net, {
 *   optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
 *   schedule: { type: 'cosine', decaySteps: 1000 },
 *   transforms: [{ type: 'l2', strength: 1e-4 }],
 *   batchSize: 10,
 * });
 * trainer.train(samples); // brain.js's { input, output } samples; returns { iterations, error }
 */
export class DescentTrainer<I extends NetData = NetData, O extends NetData = NetData> {
  /** The options, checked and completed with their defaults. */
  readonly options: ResolvedOptions;
  private readonly update: FirstOrderUpdate | LbfgsUpdate;
  /** SAM's two evaluations per step, or null. */
  private readonly sam: SharpnessAware | null;
  private initializeRandom: Random;
  private shuffleRandom: Random;
  private dropoutRandom: Random;
  private augmentRandom: Random;
  private epochs = 0;
  /** The sample order of the current epoch. */
  private readonly order: number[] = [];
  /** The net, checked to be a dense brain.js net. */
  private readonly dense: BrainNet;
  /** What the last call built, reused while the net's weights and biases are the same arrays (a small net's call costs little more). */
  private built: Built | null = null;

  constructor(
    readonly net: DenseNet<I, O>,
    options: TrainOptions<Partial<I>, Partial<O>> = {},
  ) {
    this.dense = denseNet(net);
    this.options = resolveOptions(this.dense, options as TrainOptions);
    const { update } = this.options;
    this.update = update.kind === 'lbfgs' ? new LbfgsUpdate(update.config) : new FirstOrderUpdate(update.config);
    this.sam = this.options.sam === null ? null : new SharpnessAware(this.options.sam);
    const root = new Random(this.options.seed);
    this.initializeRandom = root.fork();
    this.shuffleRandom = root.fork();
    this.dropoutRandom = root.fork();
    this.augmentRandom = root.fork();
  }

  /** Epochs trained by this trainer over all calls. */
  get epochsTrained(): number {
    return this.epochs;
  }

  /** The learning rate of the next optimizer step. */
  get learningRate(): number {
    return this.update.learningRate;
  }

  /** Trains on `data` (brain.js's `[{ input, output }]`) until a stopping condition; returns the status. */
  train(data: Datum<Partial<I>, Partial<O>>[]): TrainingStatus {
    return runToEnd(this.run(data, false));
  }

  /**
   * The same as `train`, yielding to the event loop after every epoch (brain.js's
   * `trainAsync`). With classic dropout the net holds train-form weights until it resolves.
   */
  async trainAsync(data: Datum<Partial<I>, Partial<O>>[]): Promise<TrainingStatus> {
    return runToEndAsync(this.run(data, true));
  }

  /** One call of training: checks, then epochs (a yield after each with `pauses`), then the weights it ends with. */
  private *run(data: Datum<Partial<I>, Partial<O>>[], pauses: boolean): Generator<void, TrainingStatus, void> {
    const session = this.prepare(data);
    const { dropout, parameters } = session;
    dropout.toTrainForm(parameters.layers);
    let status: TrainingStatus | null = null;
    try {
      status = yield* this.loop(session, pauses);
    } finally {
      if (status !== null) this.settle(session);
      dropout.toInferenceForm(parameters.layers);
    }
    return status;
  }

  /** The trainer's state as plain JSON; with the net's JSON it resumes training exactly. */
  exportState(): TrainerState {
    return {
      format: TRAINER_STATE_FORMAT,
      epochs: this.epochs,
      update: this.update.exportState(),
      random: {
        initialize: this.initializeRandom.getState(),
        shuffle: this.shuffleRandom.getState(),
        dropout: this.dropoutRandom.getState(),
        augment: this.augmentRandom.getState(),
      },
    };
  }

  /** Restores an exported state into a trainer made with the same options. A rejected state changes nothing. */
  importState(state: TrainerState): void {
    const { epochs, randoms } = readTrainerState(state, TRAINER_STATE_FORMAT, ['initialize', 'shuffle', 'dropout', 'augment']);
    this.update.importState(state.update);
    [this.initializeRandom, this.shuffleRandom, this.dropoutRandom, this.augmentRandom] = randoms;
    this.epochs = epochs;
  }


  /** Checks everything against the data (formatting state rolled back if anything fails), then readies the net. */
  private prepare(data: Datum<Partial<I>, Partial<O>>[]): Session {
    return this.ready(withFormatRollback(this.dense, () => this.check(data)));
  }

  /**
   * Formats and checks the data, the validation data, the frozen layers, the dropout rates
   * and `augment`'s output on the first sample (drawn from a copy of its generator, so the
   * check takes nothing from the training draws).
   */
  private check(data: Datum<Partial<I>, Partial<O>>[]): Checked {
    const { options } = this;
    const net = this.dense;
    if (isInitialized(net)) checkNetArrays(net);
    const samples = formatSamples(net, data, 'data');
    const sizes = plannedSizes(net, samples[0].input.length, samples[0].output.length);
    checkSamples(samples, sizes[0], sizes[sizes.length - 1], 'data');
    let validation: Sample[] | null = null;
    if (options.validation !== null) {
      validation = formatSamples(net, options.validation.data, 'options.validation.data');
      checkSamples(validation, sizes[0], sizes[sizes.length - 1], 'options.validation.data');
    }
    const layerCount = sizes.length - 1;
    options.frozenLayers.forEach((layer, i) => {
      if (layer < 1 || layer > layerCount) throw new DescentError(`options.frozenLayers[${i}]`, layer, `a layer index in [1, ${layerCount}] (the net has ${layerCount} layers with weights)`);
    });
    if (this.update.kind === 'first-order') {
      const { names, consecutive } = trainableTensors(layerCount, options.frozenLayers);
      this.update.checkStateFor(names, consecutive);
    }
    const augmentation = options.augment === null ? null : new TrainingAugmentation(options.augment, sizes[0]);
    augmentation?.apply(samples[0].input, Random.fromState(this.augmentRandom.getState()), 0);
    return { samples, validation, sizes, rates: DropoutLayers.ratesFor(layerCount, options.dropout, options.inputDropout), augmentation };
  }

  /** Sets the activation, initializes the net if needed and builds what training works on. */
  private ready({ samples, validation, sizes, rates, augmentation }: Checked): Session {
    const { options } = this;
    const net = this.dense;
    const changed = net.trainOpts.activation !== options.activation || net.trainOpts.leakyReluAlpha !== options.leakyReluAlpha;
    net.trainOpts.activation = options.activation;
    net.trainOpts.leakyReluAlpha = options.leakyReluAlpha;
    if (!isInitialized(net)) initializeSeeded(net, sizes, this.initializeRandom);
    else if (changed) rebuildGpuRun(net);
    net.setActivation();
    const layers = layerArrays(net);
    if (this.built === null || !sameLayout(this.built.parameters.layers, layers)) this.built = this.build(layers, rates);
    const { parameters, propagation, dropout } = this.built;
    return { samples, validation, parameters, propagation, dropout, augmentation, early: earlyStoppingFor(options), outputs: sizes[sizes.length - 1] };
  }

  /** The parameters, dropout and propagation over the net's layer arrays. */
  private build(layers: LayerArrays[], rates: readonly number[]): Built {
    const { options } = this;
    const frozen = new Set(options.frozenLayers.flatMap((layer) => [weightsName(layer), biasesName(layer)]));
    const parameters = new NetParameters(layers, (name) => !frozen.has(name));
    const dropout = new DropoutLayers(rates, options.dropoutMode, (layer) => frozen.has(weightsName(layer)));
    const propagation = new Propagation(parameters, options.activation, options.leakyReluAlpha, rates, dropout.inferenceScales);
    return { parameters, propagation, dropout };
  }

  private loop(session: Session, pauses: boolean): Generator<void, TrainingStatus, void> {
    const runner = {
      epoch: () => {
        const error = this.update.kind === 'lbfgs' ? this.lbfgsEpoch(session, this.update) : this.epoch(session, this.update);
        this.epochs++;
        return error;
      },
      validationError: () => (session.validation === null ? null : this.validationError(session)),
      currentWeights: () => this.currentWeights(session),
    };
    return trainingLoop(this.options, this.update, runner, session.early, pauses);
  }

  /**
   * One epoch of mini-batches (inputs augmented when asked); returns the mean squared
   * output error seen while training, or with dropout the error at inference after the
   * epoch (an extra forward pass over the data), so that `errorThresh` sees the net
   * training leaves behind rather than one with units dropped.
   */
  private epoch(session: Session, update: FirstOrderUpdate): number {
    const { samples, parameters, propagation, dropout, augmentation, outputs } = session;
    const { batchSize } = this.options;
    const order = this.epochOrder(samples.length);
    let squared = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const end = Math.min(order.length, start + batchSize);
      const scale = 1 / (end - start);
      parameters.zeroGradients();
      const batch: { input: ArrayLike<number>; output: ArrayLike<number> }[] | null = this.sam === null ? null : [];
      for (let i = start; i < end; i++) {
        const index = order[i];
        const sample = samples[index];
        if (dropout.active) dropout.fill(propagation.masks, this.dropoutRandom);
        const input = augmentation === null ? sample.input : augmentation.apply(sample.input, this.augmentRandom, index);
        batch?.push({ input: Float64Array.from(input), output: sample.output });
        squared += propagation.trainSample(input, sample.output, scale);
      }
      if (batch !== null) this.sharpnessAwareGradients(session, batch, scale);
      update.step(parameters);
    }
    return dropout.active ? propagation.inferenceError(samples) : squared / (samples.length * outputs);
  }

  /**
   * SAM's second evaluation: the batch's gradient again at w + rho·g/‖g‖ (the same augmented
   * inputs, fresh dropout masks as a second forward pass draws), left in the gradient buffers
   * with the weights back at w.
   */
  private sharpnessAwareGradients(session: Session, batch: readonly { input: ArrayLike<number>; output: ArrayLike<number> }[], scale: number): void {
    const { parameters, propagation, dropout } = session;
    const { sam } = this;
    if (sam === null) return;
    const values = parameters.tensors.map((t) => t.values);
    sam.ascend(values, parameters.gradients);
    parameters.zeroGradients();
    for (const { input, output } of batch) {
      if (dropout.active) dropout.fill(propagation.masks, this.dropoutRandom);
      propagation.trainSample(input, output, scale);
    }
    sam.descend(values);
  }

  /** One L-BFGS step on the full batch's loss, mean over samples of ½·Σ(output − target)². */
  private lbfgsEpoch(session: Session, update: LbfgsUpdate): number {
    const { samples, parameters, propagation, outputs } = session;
    const scale = 1 / samples.length;
    const result = update.step(parameters, () => {
      parameters.zeroGradients();
      let squared = 0;
      for (const sample of samples) {
        squared += propagation.trainSample(sample.input, sample.output, scale);
      }
      return (squared * scale) / 2;
    });
    return (2 * result.initialLoss) / outputs;
  }

  /** The order of an epoch's samples: 0 … count − 1, shuffled when asked (one array kept across epochs). */
  private epochOrder(count: number): number[] {
    const order = this.order;
    if (order.length !== count) order.length = count;
    for (let i = 0; i < count; i++) order[i] = i;
    return this.options.shuffle ? this.shuffleRandom.shuffle(order) : order;
  }

  /** The validation error at inference, on the averaged weights when those are used. */
  private validationError(session: Session): number {
    const { parameters } = session;
    const averages = this.options.useAverage ? this.update.averages(parameters) : null;
    const current = averages === null ? null : parameters.snapshot();
    if (averages !== null) parameters.restore(averages);
    const error = session.propagation.inferenceError(session.validation as Sample[]);
    if (current !== null) parameters.restore(current);
    return error;
  }

  /** Copies of the weights the net would end with now: the averaged ones when used. */
  private currentWeights(session: Session): Float32Array[] {
    const averages = this.options.useAverage ? this.update.averages(session.parameters) : null;
    return averages === null ? session.parameters.snapshot() : averages.map((a) => a.slice());
  }

  /** Puts the weights training ends with into the net: the best ones, or the averaged ones. */
  private settle(session: Session): void {
    const { parameters, early } = session;
    const weights = early?.bestWeights ?? (this.options.useAverage ? this.update.averages(parameters) : null);
    if (weights !== null) parameters.restore(weights);
  }
}
