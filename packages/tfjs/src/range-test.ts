import * as tf from '@tensorflow/tfjs';
import { DescentError, positiveInteger, RangeTestRecorder, rangeTestSvg, resolveRangeTest, type RangeTestConfig, type RangeTestResult } from '@descent/core';
import { DescentOptimizer } from './optimizer/descent-optimizer';
import { loggedValue, type CallbackLogs } from './callbacks/logs';

/** The options of `findLearningRate`: the range test's and the fit's. */
export interface FindLearningRateOptions extends RangeTestConfig {
  /** Samples per step. Default 32. */
  batchSize?: number;
  /** Shuffle the samples each epoch. Default true. */
  shuffle?: boolean;
}

/** The range test's curve and suggestion, and the curve drawn as a standalone SVG. */
export interface LearningRateFinding extends RangeTestResult {
  readonly svg: string;
}

function isDescentOptimizer(optimizer: tf.Optimizer): optimizer is DescentOptimizer {
  return Object.prototype.isPrototypeOf.call(DescentOptimizer.prototype, optimizer);
}

/** Sets each batch's rate before it and records its loss after it; stops fit when the test is over. */
class RangeTestCallback extends tf.Callback {
  private step = 0;

  constructor(
    private readonly optimizer: DescentOptimizer,
    readonly recorder: RangeTestRecorder,
  ) {
    super();
  }

  override async onBatchBegin(): Promise<void> {
    this.optimizer.learningRate = this.recorder.rate(this.step);
  }

  override async onBatchEnd(_batch: number, logs?: CallbackLogs): Promise<void> {
    this.step++;
    if (!this.recorder.record(loggedValue(logs, 'loss', 'findLearningRate'))) this.model.stopTraining = true;
  }
}

/**
 * A learning-rate range test (Smith 2017, "Cyclical Learning Rates"; fastai's lr_find) with
 * `model.fit`: trains on (x, y) with the rate growing geometrically from minLearningRate
 * to maxLearningRate, one rate per batch, until the steps are done or the smoothed loss
 * diverges. Returns the loss at every rate, the suggested rate (the steepest fall of the
 * smoothed loss) and an SVG plot. The model's weights, and the optimizer's state and rate,
 * are put back afterwards. The model must be compiled with a descent optimizer.
 */
export async function findLearningRate(model: tf.LayersModel, x: tf.Tensor | tf.Tensor[], y: tf.Tensor | tf.Tensor[], options: FindLearningRateOptions = {}): Promise<LearningRateFinding> {
  const optimizer = model.optimizer;
  // Not `instanceof`: tf.Optimizer's Symbol.hasInstance accepts any optimizer.
  if (!isDescentOptimizer(optimizer)) throw new DescentError('model.optimizer', optimizer, 'a model compiled with a descent optimizer');
  const config = resolveRangeTest(options, 'findLearningRate', ['batchSize', 'shuffle']);
  const { batchSize = 32, shuffle = true } = options;
  if (!positiveInteger.test(batchSize)) throw new DescentError('findLearningRate.batchSize', batchSize, positiveInteger.allowed);
  const samples = (Array.isArray(x) ? x[0] : x).shape[0];
  const callback = new RangeTestCallback(optimizer, new RangeTestRecorder(config));
  const weights = model.getWeights().map((w) => w.clone());
  const state = await optimizer.exportStateAsync();
  const { iterations } = optimizer;
  const rate = optimizer.learningRate;
  try {
    await model.fit(x, y, { batchSize, epochs: Math.ceil(config.steps / Math.ceil(samples / batchSize)), shuffle, verbose: 0, callbacks: [callback] });
  } finally {
    model.setWeights(weights);
    optimizer.importState(state, iterations);
    optimizer.learningRate = rate;
    tf.dispose(weights);
  }
  const result = callback.recorder.result();
  return { ...result, svg: rangeTestSvg(result) };
}
