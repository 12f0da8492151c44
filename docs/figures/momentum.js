'use strict';
/** Figures of the guide "Momentum and Nesterov": trajectories, loss curves, and steps vs condition number. */
const { illConditioned, saddlePoint } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');
const { stepsToReach, lossPoints } = require('./lib/convergence');

const out = outputDir();
const rule = (learningRate, momentum = 0, nesterov = false) => ({ rule: { type: 'sgd', learningRate, momentum, nesterov } });

const bowl = illConditioned(20);
const bowlRuns = [
  { label: 'SGD', ...runTrajectory(bowl, rule(0.03), { steps: 60 }) },
  { label: 'momentum ρ 0.8', ...runTrajectory(bowl, rule(0.03, 0.8), { steps: 60 }) },
  { label: 'Nesterov ρ 0.8', ...runTrajectory(bowl, rule(0.03, 0.8, true), { steps: 60 }) },
];
writeOutput(out, 'momentum-quadratic.svg', contourChart({ title: 'lr 0.03 on ½(x² + 20y²), 60 steps', surface: bowl, trajectories: bowlRuns }));
writeOutput(out, 'momentum-quadratic-loss.svg', lineChart({
  title: 'Loss on ½(x² + 20y²)',
  series: bowlRuns.map((r) => ({ label: r.label, points: lossPoints(r.losses) })),
  xLabel: 'step',
  yLabel: 'loss',
  logY: true,
}));

const saddle = saddlePoint();
const start = [-3, 1e-4];
writeOutput(out, 'momentum-saddle.svg', contourChart({
  title: 'lr 0.05 near the saddle, 60 steps from (−3, 10⁻⁴)',
  surface: saddle,
  trajectories: [
    { label: 'SGD', ...runTrajectory(saddle, rule(0.05), { steps: 60, start }) },
    { label: 'momentum ρ 0.9', ...runTrajectory(saddle, rule(0.05, 0.9), { steps: 60, start }) },
    { label: 'Nesterov ρ 0.9', ...runTrajectory(saddle, rule(0.05, 0.9, true), { steps: 60, start }) },
  ],
}));

// Tuned for the quadratic's curvatures μ = 1 and L = κ. Heavy ball (Polyak): α = 4/(√L + √μ)², ρ = ((√κ − 1)/(√κ + 1))².
// Nesterov: α = 1/L, ρ = (√κ − 1)/(√κ + 1).
const tolerance = 1e-6;
const rows = [10, 100, 1000].map((kappa) => {
  const surface = illConditioned(kappa);
  const steps = (config) => stepsToReach(runTrajectory(surface, config, { steps: 20000 }).losses, tolerance) ?? '> 20000';
  const lr = 4 / (Math.sqrt(kappa) + 1) ** 2;
  const rho = ((Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1)) ** 2;
  const nesterovRho = (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1);
  return [`${kappa}`, steps(rule(2 / (1 + kappa))), steps(rule(lr, rho)), steps(rule(1 / kappa, nesterovRho, true)), steps(rule(1 / kappa, 0.9)), steps(rule(1 / kappa, 0.9, true))];
});
writeOutput(out, 'momentum-conditioning.html', htmlTable({
  caption: `Measured: steps until the loss of ½(x² + κy²) from (−4.5, 1.2) is below ${tolerance.toExponential(0)}. Tuned momentum (heavy ball) uses α = 4/(√κ + 1)² and ρ = ((√κ − 1)/(√κ + 1))², tuned Nesterov α = 1/κ and ρ = (√κ − 1)/(√κ + 1); both need about √κ times fewer steps than the best SGD.`,
  columns: ['κ', 'SGD, α = 2/(1 + κ)', 'momentum, tuned', 'Nesterov, tuned', 'momentum ρ 0.9, α = 1/κ', 'Nesterov ρ 0.9, α = 1/κ'],
  rows,
}));
