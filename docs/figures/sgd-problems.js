'use strict';
/** Figures of the guide "What goes wrong with plain SGD": zigzags, saddles, noise, and steps vs condition number. */
const { illConditioned, saddlePoint } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');
const { stepsToReach, lossPoints } = require('./lib/convergence');

const out = outputDir();
const sgd = (learningRate) => ({ rule: { type: 'sgd', learningRate } });

const bowl = illConditioned(20);
writeOutput(out, 'sgd-zigzag.svg', contourChart({
  title: 'SGD on ½(x² + 20y²), 60 steps',
  surface: bowl,
  trajectories: [
    { label: 'lr 0.095 (near 2/20)', ...runTrajectory(bowl, sgd(0.095), { steps: 60 }) },
    { label: 'lr 0.03', ...runTrajectory(bowl, sgd(0.03), { steps: 60 }) },
  ],
}));

const saddle = saddlePoint();
const saddleRuns = [
  { label: 'start (−3, 0)', ...runTrajectory(saddle, sgd(0.05), { steps: 120, start: [-3, 0] }) },
  { label: 'start (−3, 10⁻⁴)', ...runTrajectory(saddle, sgd(0.05), { steps: 120, start: [-3, 1e-4] }) },
  { label: 'start (−3, 0), noise σ 0.5', ...runTrajectory(saddle, sgd(0.05), { steps: 120, start: [-3, 0], noise: 0.5, seed: 3 }) },
];
writeOutput(out, 'sgd-saddle.svg', contourChart({ title: 'SGD (lr 0.05) near the saddle x² − y² + 0.05y⁴', surface: saddle, trajectories: saddleRuns }));
writeOutput(out, 'sgd-saddle-loss.svg', lineChart({
  title: 'Loss near the saddle: a plateau at 0 before the escape',
  series: saddleRuns.map((r) => ({ label: r.label, points: lossPoints(r.losses) })),
  xLabel: 'step',
  yLabel: 'loss',
}));

const noisy = [0, 2, 6].map((noise) => ({ label: noise === 0 ? 'exact gradient' : `noise σ ${noise}`, ...runTrajectory(bowl, sgd(0.03), { steps: 150, noise, seed: 7 }) }));
writeOutput(out, 'sgd-noise.svg', contourChart({ title: 'SGD (lr 0.03) with noisy gradients, 150 steps', surface: bowl, trajectories: noisy }));

const tolerance = 1e-6;
const rows = [1, 10, 100, 1000].map((kappa) => {
  const surface = illConditioned(kappa);
  const best = 2 / (1 + kappa);
  const run = (lr) => stepsToReach(runTrajectory(surface, sgd(lr), { steps: 40000 }).losses, tolerance) ?? '> 40000';
  return [`${kappa}`, Number(best.toPrecision(3)), run(best), Number((1 / kappa).toPrecision(3)), run(1 / kappa)];
});
writeOutput(out, 'sgd-conditioning.html', htmlTable({
  caption: `Measured: SGD steps until the loss of ½(x² + κy²) from (−4.5, 1.2) is below ${tolerance.toExponential(0)}. The best constant rate 2/(1 + κ) converges at (κ − 1)/(κ + 1) per step, so the steps grow linearly with κ.`,
  columns: ['condition number κ', 'lr = 2/(1 + κ)', 'steps', 'lr = 1/κ', 'steps'],
  rows,
}));
