import { DescentError } from '@descent/core';
import { DescentTrainer, type TrainOptions, type TrainerState } from '../src';
import { flatWeights, randomSamples, seededNet, straightAndResumed } from './helpers';

const data = randomSamples(10, 4, 3);

const recipes: [string, TrainOptions<number[], number[]>][] = [
  [
    'adamw, cosine schedule, clipping, dropout, shuffled mini-batches',
    {
      optimizer: { type: 'adamw', learningRate: 0.02 },
      schedule: { type: 'cosine', decaySteps: 20 },
      transforms: [{ type: 'clipByGlobalNorm', maxNorm: 0.5 }],
      dropout: 0.4,
      inputDropout: 0.1,
      batchSize: 3,
      seed: 12,
    },
  ],
  ['sgd with nesterov momentum, l2 and ema', { optimizer: { type: 'sgd', learningRate: 0.3, momentum: 0.9, nesterov: true }, transforms: [{ type: 'l2', strength: 1e-3 }], average: { type: 'ema', decay: 0.8 }, useAverage: false }],
  ['asgd averaging from step 3', { optimizer: { type: 'asgd', learningRate: 0.2, t0: 2 }, batchSize: 2, useAverage: false }],
  ['schedule-free AdamW with warm-up', { optimizer: { type: 'scheduleFreeAdamW', learningRate: 0.02, warmupSteps: 5, weightDecay: 0.01 }, useAverage: false }],
  ['prodigy with bias correction (a step-wide d)', { optimizer: { type: 'prodigy', d0: 1e-3, useBiasCorrection: true }, batchSize: 3 }],
  ['adam with lookahead', { optimizer: { type: 'adam', learningRate: 0.05 }, lookahead: { k: 3, alpha: 0.5 }, batchSize: 3 }],
  ['lbfgs', { optimizer: { type: 'lbfgs', maxIter: 5, historySize: 4 } }],
];

describe.each(recipes)('state round trip (%s)', (_, recipe) => {
  const options = { ...recipe, iterations: 2, errorThresh: 0 };

  test('a resumed run (net JSON + trainer state through JSON) is bit-identical to an uninterrupted one', () => {
    const { straight, resumed, trainer } = straightAndResumed(seededNet([4, 6, 3], 'sigmoid', 2), options, data);
    expect(trainer.epochsTrained).toBe(4);
    expect(flatWeights(resumed)).toEqual(flatWeights(straight));
  });
});

test('a malformed state is rejected whole: the trainer keeps its own', () => {
  const trainer = new DescentTrainer(seededNet([4, 6, 3]), { optimizer: { type: 'adam' }, iterations: 1 });
  trainer.train(data);
  const state = trainer.exportState();
  const broken = { ...state, random: { ...state.random, dropout: [0, 0, 0, 0] } };
  expect(() => trainer.importState(broken)).toThrow(DescentError);
  expect(() => trainer.importState({ ...state, update: { ...state.update, format: 'nope' } } as unknown as TrainerState)).toThrow(DescentError);
  expect(trainer.exportState()).toEqual(state);
});

test('a state holding tensors the trainer does not step (saved tensor by tensor, resumed as one) is refused before any change', () => {
  const options = { optimizer: { type: 'adam' as const, learningRate: 0.05 }, iterations: 1, errorThresh: 0 };
  // A group that matches no tensor keeps the optimizer stepping weights/<layer> and biases/<layer>.
  const perLayer = new DescentTrainer(seededNet([4, 6, 3]), { ...options, groups: [{ names: ['none'] }] });
  perLayer.train(data);
  const net = seededNet([4, 6, 3]);
  const before = flatWeights(net);
  const trainer = new DescentTrainer(net, options);
  trainer.importState(perLayer.exportState());
  let error: unknown;
  try {
    trainer.train(data);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DescentError);
  expect((error as DescentError).message).toContain('state.update.tensors');
  expect((error as DescentError).message).toContain('weights/1');
  expect(flatWeights(net)).toEqual(before);
  // The same state resumes the trainer it came from.
  expect(() => perLayer.train(data)).not.toThrow();
});
