'use strict';
/** Figures of the guide "AdaGrad, RMSProp and Adam": trajectories, Adam's first steps, AdaGrad's shrinking rate, a tuned comparison. */
const { illConditioned, saddlePoint, rosenbrockValley } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable, formatLoss } = require('./lib/output');

const out = outputDir();
const rule = (type, learningRate, extra = {}) => ({ rule: { type, learningRate, ...extra } });
const lineup = [
  ['SGD lr 0.03', rule('sgd', 0.03)],
  ['AdaGrad lr 0.5', rule('adagrad', 0.5)],
  ['RMSProp lr 0.05', rule('rmsprop', 0.05)],
  ['Adam lr 0.1', rule('adam', 0.1)],
];

const bowl = illConditioned(20);
writeOutput(out, 'adaptive-quadratic.svg', contourChart({
  title: 'Adaptive rates on ½(x² + 20y²), 80 steps',
  surface: bowl,
  trajectories: lineup.map(([label, config]) => ({ label, ...runTrajectory(bowl, config, { steps: 80 }) })),
}));

const saddle = saddlePoint();
writeOutput(out, 'adaptive-saddle.svg', contourChart({
  title: 'Adaptive rates near the saddle, 60 steps from (−3, 10⁻⁴)',
  surface: saddle,
  trajectories: lineup.map(([label, config]) => ({ label, ...runTrajectory(saddle, config, { steps: 60, start: [-3, 1e-4] }) })),
}));

/** Length of every step of a trajectory. */
const stepLengths = (path) => path.slice(1).map(([x, y], k) => [k + 1, Math.hypot(x - path[k][0], y - path[k][1])]);
const adamRuns = [
  ['Adam, bias correction', rule('adam', 0.1)],
  ['Adam, no bias correction', rule('adam', 0.1, { biasCorrection: false })],
];
writeOutput(out, 'adam-bias-correction.svg', lineChart({
  title: 'Step length of Adam (lr 0.1, β1 0.9, β2 0.999) on ½(x² + 20y²)',
  series: adamRuns.map(([label, config]) => ({ label, points: stepLengths(runTrajectory(bowl, config, { steps: 60 }).path) })),
  xLabel: 'step',
  yLabel: 'step length ‖Δx‖',
}));

/** The rate a coordinate actually moved at: |Δx| / |g| for the x coordinate, per step. */
const effectiveRates = ({ path, gradients }) => gradients.map(([g], k) => [k + 1, Math.abs(path[k + 1][0] - path[k][0]) / Math.abs(g)]);
writeOutput(out, 'adagrad-rates.svg', lineChart({
  title: 'Effective step size |Δx| / |g| with noisy gradients (σ 1)',
  series: [
    { label: 'AdaGrad lr 0.5', points: effectiveRates(runTrajectory(bowl, rule('adagrad', 0.5), { steps: 1000, noise: 1, seed: 5 })) },
    { label: 'RMSProp lr 0.05, decay 0.99', points: effectiveRates(runTrajectory(bowl, rule('rmsprop', 0.05), { steps: 1000, noise: 1, seed: 5 })) },
  ],
  xLabel: 'step',
  yLabel: 'effective rate',
  logY: true,
}));

// Each rule with its best learning rate from a log grid, on each surface.
const grid = Array.from({ length: 13 }, (_, i) => 10 ** (-3 + i * 0.25));
const contenders = [
  ['SGD', (lr) => rule('sgd', lr)],
  ['SGD + momentum 0.9', (lr) => rule('sgd', lr, { momentum: 0.9 })],
  ['Nesterov 0.9', (lr) => rule('sgd', lr, { momentum: 0.9, nesterov: true })],
  ['AdaGrad', (lr) => rule('adagrad', lr)],
  ['RMSProp', (lr) => rule('rmsprop', lr)],
  ['Adam', (lr) => rule('adam', lr)],
  ['Adam, no bias correction', (lr) => rule('adam', lr, { biasCorrection: false })],
];
const surfaces = [bowl, saddle, rosenbrockValley()];
const floorOf = (s) => s.objective.evaluate(s.minimum, new Float64Array(2));
const steps = 200;
const rows = contenders.map(([name, make]) => [
  name,
  ...surfaces.flatMap((surface) => {
    const best = grid
      .map((lr) => ({ lr, loss: runTrajectory(surface, make(lr), { steps }).losses.at(-1) - floorOf(surface) }))
      .filter((r) => Number.isFinite(r.loss))
      .reduce((a, b) => (b.loss < a.loss ? b : a));
    return [formatLoss(best.loss), String(Number(best.lr.toPrecision(2)))];
  }),
]);
writeOutput(out, 'adaptive-tuned.html', htmlTable({
  caption: `Measured: the loss above the minimum after ${steps} steps with each rule's best learning rate among 13 from 0.001 to 1 (quarter decades), from each surface's start point.`,
  columns: ['rule', 'quadratic κ 20', 'best lr', 'saddle', 'best lr', 'Rosenbrock', 'best lr'],
  rows,
}));
