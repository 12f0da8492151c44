'use strict';
const descent = require('@descent/tfjs');
const { lineChart } = require('../../../docs/lib/plot/line-chart');
const { mnistSplit, fitRecorded, evaluate, smooth, disposeSplit, mlp, percent } = require('../data');

const RULES = [
  ['sgd', () => descent.sgd({ learningRate: 0.05 })],
  ['sgd + momentum', () => descent.sgd({ learningRate: 0.05, momentum: 0.9 })],
  ['nesterov', () => descent.sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
  ['adagrad', () => descent.adagrad({ learningRate: 0.05 })],
  ['rmsprop', () => descent.rmsprop({ learningRate: 1e-3 })],
  ['adam', () => descent.adam({ learningRate: 1e-3 })],
];

/** Slide: "SGD is slow"; momentum, Nesterov and the per-parameter adaptive rules make faster progress. */
module.exports = {
  id: 'optimizers',
  title: 'SGD vs momentum vs Nesterov vs AdaGrad vs RMSProp vs Adam',
  lecture: 'Plain SGD makes slow progress along shallow directions and jitters along steep ones; momentum, Nesterov momentum and the adaptive rules (AdaGrad, RMSProp, Adam) reach a lower loss in the same number of steps.',
  units: (size) => RULES.length * size.epochs,
  async run({ size, progress }) {
    const split = mnistSplit(size);
    const rows = [];
    const series = [];
    for (const [name, makeOptimizer] of RULES) {
      progress.describe(`optimizers: ${name}`);
      const model = mlp([64], 10, 7);
      model.compile({ optimizer: makeOptimizer(), loss: 'categoricalCrossentropy' });
      const losses = await fitRecorded(model, split.train, { epochs: size.epochs, onEpoch: () => progress.advance() });
      const perEpoch = losses.length / size.epochs;
      const firstEpoch = losses.slice(0, perEpoch).reduce((a, b) => a + b, 0) / perEpoch;
      const train = evaluate(model, split.train);
      const test = evaluate(model, split.test);
      rows.push({ rule: name, 'mean loss, epoch 1': firstEpoch.toFixed(3), 'final train loss': train.loss.toFixed(3), 'test accuracy': percent(test.accuracy), trainLoss: train.loss });
      series.push({ label: name, points: smooth(losses) });
      model.optimizer.dispose();
      model.dispose();
    }
    disposeSplit(split);
    const sgd = rows[0].trainLoss;
    const faster = rows.slice(1).filter((r) => r.trainLoss < sgd).map((r) => r.rule);
    const best = rows.reduce((a, b) => (b.trainLoss < a.trainLoss ? b : a));
    return {
      measurement: `final training loss: sgd ${sgd.toFixed(3)}; ${rows.slice(1).map((r) => `${r.rule} ${r.trainLoss.toFixed(3)}`).join(', ')}`,
      verdict: faster.length === rows.length - 1 ? 'confirmed' : faster.length >= 3 ? 'partly' : 'not confirmed',
      summary: `${faster.length} of ${rows.length - 1} alternatives end below plain SGD (best: ${best.rule})`,
      table: rows.map(({ trainLoss, ...shown }) => shown),
      figures: [
        {
          caption: `Training loss per step (moving average of 20), MLP 784-64-10 on ${split.train.count} digits, batch 32.`,
          svg: lineChart({ title: 'Training loss by update rule', series, xLabel: 'step', yLabel: 'loss', logY: true }),
        },
      ],
    };
  },
};
