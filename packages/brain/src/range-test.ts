import { NeuralNetwork } from 'brain.js';
import { DescentError, isPlainObject, positiveInteger, Random, RangeTestRecorder, rangeTestSvg, resolveRangeTest, type RangeTestConfig, type RangeTestResult } from '@descent/core';
import { isInitialized, type NetData } from './network';
import type { Datum, TrainOptions } from './options';
import { DescentTrainer } from './trainer';

/** The options of `findLearningRate`: the range test's, and training options for everything else. */
export type FindLearningRateOptions<I, O> = RangeTestConfig & Omit<TrainOptions<I, O>, 'schedule' | 'iterations' | 'errorThresh' | 'callback' | 'progress' | 'log' | 'validation'>;

/** The range test's curve and suggestion, and the curve drawn as a standalone SVG. */
export interface LearningRateFinding extends RangeTestResult {
  readonly svg: string;
}

const RANGE_TEST_KEYS = ['minLearningRate', 'maxLearningRate', 'steps', 'smoothing', 'divergenceFactor'] as const;

/**
 * A learning-rate range test (Smith 2017; fastai's lr_find) with the descent trainer: on a
 * copy of the net, one batch per step (the data shuffled with `seed`, in order again when
 * used up), the rate growing geometrically from minLearningRate to maxLearningRate until the
 * steps are done or the smoothed error diverges. The loss of a step is the trainer's error on
 * that batch (brain.js's mean squared error) before the step. Returns the curve, the suggested
 * rate and an SVG plot; the net itself is not changed. `optimizer` is required (its
 * learningRate is what the test sweeps); every other training option applies as in `train`.
 */
export function findLearningRate<I extends NetData, O extends NetData>(
  net: NeuralNetwork<I, O>,
  data: Datum<Partial<I>, Partial<O>>[],
  options: FindLearningRateOptions<Partial<I>, Partial<O>>,
): LearningRateFinding {
  if (typeof options !== 'object' || options === null) throw new DescentError('options', options, 'range-test and training options with an optimizer');
  const { optimizer, batchSize = 10, seed = 1 } = options;
  if (!isPlainObject(options.optimizer) || optimizer === undefined || optimizer.type === 'lbfgs') throw new DescentError('options.optimizer', optimizer, 'a first-order rule config such as { type: "adam" }: the test sweeps its learningRate');
  if ('schedule' in options) throw new DescentError('options.schedule', options.schedule, 'none: the range test sets the rate of every step');
  if (!positiveInteger.test(batchSize)) throw new DescentError('options.batchSize', batchSize, positiveInteger.allowed);
  if (!Array.isArray(data) || data.length === 0) throw new DescentError('data', data, 'a non-empty array of { input, output } samples');
  const trainOptions: Record<string, unknown> = { ...options };
  for (const key of RANGE_TEST_KEYS) delete trainOptions[key];
  const config = resolveRangeTest(Object.fromEntries(RANGE_TEST_KEYS.map((key) => [key, options[key]])), 'options');
  const recorder = new RangeTestRecorder(config);
  const copy = new NeuralNetwork<I, O>(net.options);
  if (isInitialized(net)) copy.fromJSON(net.toJSON());
  const trainer = new DescentTrainer(copy, {
    ...trainOptions,
    optimizer: { ...optimizer, learningRate: config.minLearningRate },
    schedule: { type: 'exponential', gamma: Math.pow(config.maxLearningRate / config.minLearningRate, 1 / (config.steps - 1)) },
    batchSize,
    iterations: 1,
    errorThresh: 0,
  });
  const order = new Random(seed).shuffle(data.map((_, i) => i));
  let at = 0;
  let going = true;
  while (going) {
    const batch = Array.from({ length: Math.min(batchSize, data.length) }, () => data[order[at++ % order.length]]);
    going = recorder.record(trainer.train(batch).error);
  }
  const result = recorder.result();
  return { ...result, svg: rangeTestSvg(result) };
}
