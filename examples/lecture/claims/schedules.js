'use strict';
const descent = require('@descent/tfjs');
const { createSchedule } = require('@descent/core');
const { lineChart } = require('../../../docs/lib/plot/line-chart');
const { mnistSplit, fitRecorded, evaluate, smooth, disposeSplit, mlp, percent } = require('../data');

const BASE_RATE = 0.1;

/** The three schedules compared, for a run of `steps` optimizer steps. */
function schedules(steps) {
  return [
    ['constant', { type: 'constant' }],
    ['step decay (×0.1 at 50% and 75%)', { type: 'multiStep', milestones: [Math.round(steps / 2), Math.round((3 * steps) / 4)], gamma: 0.1 }],
    ['cosine', { type: 'cosine', decaySteps: steps }],
  ];
}

/** Slide: learning-rate decay — a high rate makes fast progress, then decaying it lets SGD settle lower. */
module.exports = {
  id: 'schedules',
  title: 'Learning-rate decay',
  lecture: 'With a fixed, large learning rate SGD stalls at a noisy plateau; decaying the rate (step decay, cosine) lets it settle to a lower loss.',
  units: (size) => 3 * size.epochs,
  async run({ size, progress }) {
    const split = mnistSplit(size);
    const steps = size.epochs * Math.ceil(split.train.count / 32);
    const rows = [];
    const lossSeries = [];
    const rateSeries = [];
    for (const [name, schedule] of schedules(steps)) {
      progress.describe(`schedules: ${name}`);
      const model = mlp([64], 10, 11);
      model.compile({ optimizer: descent.sgd({ learningRate: BASE_RATE, momentum: 0.9, schedule }), loss: 'categoricalCrossentropy' });
      const losses = await fitRecorded(model, split.train, { epochs: size.epochs, onEpoch: () => progress.advance() });
      const train = evaluate(model, split.train);
      const test = evaluate(model, split.test);
      const lastEpoch = losses.slice(-Math.ceil(split.train.count / 32));
      rows.push({ schedule: name, 'last-epoch mean loss': (lastEpoch.reduce((a, b) => a + b, 0) / lastEpoch.length).toFixed(3), 'final train loss': train.loss.toFixed(3), 'test accuracy': percent(test.accuracy), trainLoss: train.loss });
      lossSeries.push({ label: name, points: smooth(losses) });
      const curve = createSchedule(schedule);
      rateSeries.push({ label: name, points: Array.from({ length: steps }, (_, k) => [k + 1, curve.valueAt(k, BASE_RATE)]) });
      model.optimizer.dispose();
      model.dispose();
    }
    disposeSplit(split);
    const [constant, ...decayed] = rows;
    const lower = decayed.filter((r) => r.trainLoss < constant.trainLoss);
    return {
      measurement: `final training loss: constant ${constant.trainLoss.toFixed(3)}, ${decayed.map((r) => `${r.schedule.split(' ')[0]} ${r.trainLoss.toFixed(3)}`).join(', ')}`,
      verdict: lower.length === decayed.length ? 'confirmed' : lower.length > 0 ? 'partly' : 'not confirmed',
      summary: `${lower.length} of ${decayed.length} decayed schedules end below the constant rate (sgd + momentum 0.9, lr ${BASE_RATE})`,
      table: rows.map(({ trainLoss, ...shown }) => shown),
      figures: [
        { caption: 'Training loss per step (moving average of 20).', svg: lineChart({ title: 'Training loss by schedule', series: lossSeries, xLabel: 'step', yLabel: 'loss', logY: true }) },
        { caption: 'The learning rate of each step, from the core\'s schedules.', svg: lineChart({ title: 'Learning rate', series: rateSeries, xLabel: 'step', yLabel: 'learning rate', height: 260 }) },
      ],
    };
  },
};
