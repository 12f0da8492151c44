import * as tf from '@tensorflow/tfjs';
import { adam, findLearningRate, sgd } from '@descent/tfjs';
import { mnistSet, useBackend } from './helpers';

beforeAll(() => useBackend('cpu'));

function digitModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 32, inputShape: [784], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) }));
  return model;
}

test('on real digits: the loss falls, then diverges; the suggestion is where it falls fastest; everything is put back', async () => {
  const { x, y } = mnistSet([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20);
  const model = digitModel();
  const optimizer = sgd({ learningRate: 0.05, momentum: 0.9 });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs: 1, batchSize: 50, verbose: 0 });
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  const state = JSON.stringify(optimizer.exportState());
  const before = tf.memory().numTensors;
  const found = await findLearningRate(model, x, y, { minLearningRate: 1e-4, maxLearningRate: 100, steps: 60, batchSize: 20, smoothing: 0.8 });
  expect(tf.memory().numTensors).toBe(before);
  expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weights);
  expect(JSON.stringify(optimizer.exportState())).toBe(state);
  expect(optimizer.learningRate).toBe(0.05);
  expect(found.stopReason).toBe('diverged');
  expect(found.learningRates.length).toBeLessThan(60);
  found.learningRates.forEach((rate, i) => expect(rate).toBeCloseTo(1e-4 * 1e6 ** (i / 59), 10));
  const suggested = found.suggestedLearningRate as number;
  expect(suggested).toBeGreaterThan(1e-3);
  expect(suggested).toBeLessThan(10);
  const at = found.learningRates.indexOf(suggested);
  expect(Math.min(...found.smoothedLosses.slice(at))).toBeLessThan(found.smoothedLosses[0]);
  expect(found.svg).toContain('class="suggested"');
  model.dispose();
  optimizer.dispose();
});

test('a model without a descent optimizer, or a bad option, is named', async () => {
  const { x, y } = mnistSet([0, 1], 2);
  const model = digitModel();
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  await expect(findLearningRate(model, x, y)).rejects.toThrow(/model.optimizer/);
  model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy' });
  await expect(findLearningRate(model, x, y, { steps: 2 })).rejects.toThrow(/findLearningRate.steps/);
  await expect(findLearningRate(model, x, y, { batchSize: 0 })).rejects.toThrow(/findLearningRate.batchSize/);
  model.dispose();
});
