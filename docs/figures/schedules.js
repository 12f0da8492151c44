'use strict';
/** Figures of the guide "Learning-rate schedules": the curves, and decay against gradient noise. */
const { createSchedule } = require('@descent/core');
const { illConditioned } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable, formatLoss } = require('./lib/output');

const out = outputDir();
const lr0 = 0.1;
const curve = (config, steps) => Array.from({ length: steps + 1 }, (_, k) => [k, createSchedule(config).valueAt(k, lr0)]);
const plot = (title, entries, steps) => lineChart({
  title,
  series: entries.map(([label, config]) => ({ label, points: curve(config, steps) })),
  xLabel: 'step k',
  yLabel: 'learning rate',
});

writeOutput(out, 'schedules-decay.svg', plot('Decay schedules from lr0 = 0.1', [
  ['step: ×0.5 every 50', { type: 'step', stepSize: 50, gamma: 0.5 }],
  ['exponential: γ 0.985', { type: 'exponential', gamma: 0.985 }],
  ['1/t: decay rate 0.05', { type: 'inverseTime', decayRate: 0.05 }],
  ['cosine over 200', { type: 'cosine', decaySteps: 200 }],
  ['polynomial, power 2', { type: 'polynomial', decaySteps: 200, power: 2 }],
], 200));

writeOutput(out, 'schedules-cyclic.svg', plot('Warm-up, restarts and cycles from lr0 = 0.1', [
  ['warm-up 20, then cosine', { type: 'sequential', milestones: [20], schedules: [{ type: 'linear', startFactor: 0.05, totalSteps: 20 }, { type: 'cosine', decaySteps: 280 }] }],
  ['cosine restarts (SGDR), T0 25, ×2', { type: 'cosineRestarts', firstDecaySteps: 25, tMul: 2 }],
  ['one cycle, max 0.1', { type: 'oneCycle', maxLearningRate: 0.1, totalSteps: 300 }],
], 300));

// Plain SGD with noisy gradients on the quadratic: loss averaged over seeds, per schedule.
const bowl = illConditioned(20);
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const steps = 300;
const noisyRuns = [
  ['constant', { type: 'constant' }],
  ['step ×0.3 every 100', { type: 'step', stepSize: 100, gamma: 0.3 }],
  ['1/t, decay rate 0.02', { type: 'inverseTime', decayRate: 0.02 }],
  ['cosine over 300', { type: 'cosine', decaySteps: steps }],
].map(([label, schedule]) => {
  const runs = seeds.map((seed) => runTrajectory(bowl, { rule: { type: 'sgd', learningRate: 0.08 }, schedule }, { steps, noise: 2, seed }).losses);
  const mean = runs[0].map((_, k) => runs.reduce((sum, losses) => sum + losses[k], 0) / runs.length);
  return { label, mean };
});
writeOutput(out, 'schedules-noisy.svg', lineChart({
  title: 'SGD (lr0 0.08) with noisy gradients (σ 2), mean loss over 20 seeds',
  series: noisyRuns.map(({ label, mean }) => ({ label, points: mean.map((loss, k) => [k, loss]) })),
  xLabel: 'step',
  yLabel: 'loss',
  logY: true,
}));
writeOutput(out, 'schedules-noisy.html', htmlTable({
  caption: 'Measured: the mean loss over the last 20 steps and 20 seeds of the runs above. Without decay the noise keeps the loss at a floor set by the learning rate.',
  columns: ['schedule', 'loss after 100 steps', 'final loss'],
  rows: noisyRuns.map(({ label, mean }) => [label, formatLoss(mean[100]), formatLoss(mean.slice(-20).reduce((a, b) => a + b, 0) / 20)]),
}));
