import { Random } from '@descent/core';
import { findLearningRate } from '../src';
import { flatWeights, meanLoss, mnistSamples, seededNet } from './helpers';

const digits = mnistSamples(0, 150);

test('on real digits: the net is left alone; the first loss is its error on the first batch; the suggestion is where the loss falls', () => {
  const net = seededNet([784, 16, 10], 'sigmoid', 3);
  const before = flatWeights(net);
  const found = findLearningRate(net, digits, { optimizer: { type: 'sgd', momentum: 0.9 }, minLearningRate: 1e-3, maxLearningRate: 1e3, steps: 50, batchSize: 15, smoothing: 0.7, seed: 4 });
  expect(flatWeights(net)).toEqual(before);
  const order = new Random(4).shuffle(digits.map((_, i) => i));
  const firstBatch = order.slice(0, 15).map((i) => digits[i]);
  expect(found.losses[0]).toBeCloseTo((2 * meanLoss(net, firstBatch)) / 10, 6);
  found.learningRates.forEach((rate, i) => expect(rate).toBeCloseTo(1e-3 * 1e6 ** (i / 49), 8));
  // Sigmoid outputs bound the squared error: past the useful rates it saturates (all outputs 0, error 0.1) rather than diverging.
  expect(found.stopReason).toBe('steps');
  const suggested = found.suggestedLearningRate as number;
  const at = found.learningRates.indexOf(suggested);
  const s = found.smoothedLosses;
  expect(s[at]).toBeLessThan(s[at - 1]);
  expect(s[at]).toBeLessThan(0.9 * s[0]);
  expect(s[at]).toBeGreaterThan(Math.min(...s) + 0.1 * (s[0] - Math.min(...s)));
  expect(found.svg).toContain('class="suggested"');
});

test('bad options are named', () => {
  const net = seededNet([784, 4, 10]);
  expect(() => findLearningRate(net, digits, {} as never)).toThrow(/options.optimizer/);
  expect(() => findLearningRate(net, digits, { optimizer: { type: 'lbfgs' } } as never)).toThrow(/options.optimizer/);
  expect(() => findLearningRate(net, digits, { optimizer: { type: 'adam' }, schedule: { type: 'constant' } } as never)).toThrow(/options.schedule/);
  expect(() => findLearningRate(net, digits, { optimizer: { type: 'adam' }, steps: 1 })).toThrow(/options.steps/);
  expect(() => findLearningRate(net, [], { optimizer: { type: 'adam' } })).toThrow(/data/);
});
