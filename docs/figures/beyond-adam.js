'use strict';
/**
 * Figures and tables of "Beyond Adam": the rules and wrappers added after the lecture
 * (asgd, scheduleFreeAdamW, scheduleFreeSgd, lookahead) against Adam on the test surfaces,
 * schedule-free's two points, and a learning-rate range test on real digits.
 */
const { NeuralNetwork } = require('brain.js');
const { findLearningRate } = require('@descent/brain');
const { illConditioned, rosenbrockValley } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { digits } = require('./lib/digits');
const { outputDir, writeOutput, htmlTable, formatLoss } = require('./lib/output');

const out = outputDir();
const steps = 200;
const grid = Array.from({ length: 17 }, (_, i) => Number((10 ** (-3 + i * 0.25)).toPrecision(2)));

const contenders = [
  ['adam', { rule: { type: 'adam' } }],
  ['asgd', { rule: { type: 'asgd', t0: 100 } }],
  ['scheduleFreeAdamW', { rule: { type: 'scheduleFreeAdamW' } }],
  ['scheduleFreeSgd', { rule: { type: 'scheduleFreeSgd' } }],
  ['adam + lookahead', { rule: { type: 'adam' }, lookahead: { k: 5, alpha: 0.5 } }],
];

const problems = [
  ['½(x² + 20y²)', illConditioned(20), 0],
  ['½(x² + 20y²), noisy gradients (σ = 2)', illConditioned(20), 2],
  ['Rosenbrock', rosenbrockValley(), 0],
];

/** The final loss of a run at the point a user would evaluate: the average/x when the rule keeps one, else the last point. */
function finalLoss(surface, trajectory) {
  const point = Float64Array.from((trajectory.average ?? trajectory.path).at(-1));
  return surface.objective.evaluate(point, new Float64Array(2));
}

/** The best rate of the grid for a config on a problem, by the final loss at the evaluation point. */
function tuned(config, surface, noise) {
  return grid
    .map((learningRate) => {
      const trajectory = runTrajectory(surface, { ...config, rule: { ...config.rule, learningRate } }, { steps, noise, seed: 3 });
      return { learningRate, trajectory, loss: trajectory.path.length === steps + 1 ? finalLoss(surface, trajectory) : Infinity };
    })
    .reduce((a, b) => (b.loss < a.loss ? b : a));
}

const results = problems.map(([, surface, noise]) => contenders.map(([, config]) => tuned(config, surface, noise)));
writeOutput(out, 'beyond-adam-surfaces.html', htmlTable({
  caption: `Final loss after ${steps} steps, each rule at the best of ${grid.length} rates from 0.001 to 10 (quarter decades; the rate in brackets), measured where the rule evaluates: ASGD's average (t0 = 100) and schedule-free's x, the last point otherwise. Noisy gradients add Gaussian noise to each coordinate (seeded).`,
  columns: ['problem', ...contenders.map(([name]) => name)],
  rows: problems.map(([name], p) => [name, ...results[p].map((r) => `${formatLoss(r.loss)} (${r.learningRate})`)]),
}));

// Schedule-free SGD on the noisy bowl: gradients are taken at y, the average x is what it evaluates.
const [, noisyBowl, noise] = problems[1];
const free = tuned(contenders[3][1], noisyBowl, noise);
const adam = tuned(contenders[0][1], noisyBowl, noise);
writeOutput(out, 'beyond-adam-schedule-free.svg', contourChart({
  title: `Schedule-free SGD on ½(x² + 20y²) with noisy gradients, ${steps} steps`,
  surface: noisyBowl,
  trajectories: [
    { label: `Adam, lr ${adam.learningRate}: loss ${formatLoss(adam.loss)}`, path: adam.trajectory.path },
    { label: `schedule-free y (gradients here), lr ${free.learningRate}`, path: free.trajectory.path, dash: '3 2' },
    { label: `schedule-free x (evaluated): loss ${formatLoss(free.loss)}`, path: free.trajectory.average },
  ],
}));

// Smith's range test with the brain.js trainer on 1,000 real digits.
const samples = digits(0, 100);
const net = new NeuralNetwork({ hiddenLayers: [32] });
const found = findLearningRate(net, samples, { optimizer: { type: 'adam' }, activation: 'tanh', minLearningRate: 1e-5, maxLearningRate: 10, steps: 100, batchSize: 20, seed: 2 });
writeOutput(out, 'beyond-adam-range-test.svg', found.svg);
writeOutput(out, 'beyond-adam-range-test.html', htmlTable({
  caption: 'The range test above: Adam in the brain.js trainer (784–32–10, tanh), batches of 20 digits, 100 steps from 1e-5 to 10.',
  columns: ['suggested rate', 'steps run', 'stopped because', 'lowest smoothed error', 'at rate'],
  rows: [[Number(found.suggestedLearningRate.toPrecision(2)), found.losses.length, found.stopReason, formatLoss(Math.min(...found.smoothedLosses)), Number(found.learningRates[found.smoothedLosses.indexOf(Math.min(...found.smoothedLosses))].toPrecision(2))]],
}));
