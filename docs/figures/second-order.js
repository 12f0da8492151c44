'use strict';
/** Figures of the guide "Second-order methods and L-BFGS": L-BFGS against first-order methods, and with noise. */
const { createLbfgs, createOptimizer, rosenbrock } = require('@descent/core');
const { illConditioned, rosenbrockValley } = require('../lib/surfaces');
const { runTrajectory, runLbfgsTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable, formatLoss } = require('./lib/output');
const { lossPoints } = require('./lib/convergence');

const out = outputDir();
const strongWolfe = { type: 'lbfgs', lineSearch: 'strongWolfe' };

const valley = rosenbrockValley();
const lbfgsRun = runLbfgsTrajectory(valley, strongWolfe, { steps: 40 });
writeOutput(out, 'lbfgs-rosenbrock.svg', contourChart({
  title: 'Rosenbrock: L-BFGS against first-order methods',
  surface: valley,
  trajectories: [
    { label: `L-BFGS, 40 iterations (${lbfgsRun.evaluations} gradients)`, ...lbfgsRun },
    { label: 'Adam lr 0.05, 1000 steps', ...runTrajectory(valley, { rule: { type: 'adam', learningRate: 0.05 } }, { steps: 1000 }) },
    { label: 'momentum lr 0.001, 1000 steps', ...runTrajectory(valley, { rule: { type: 'sgd', learningRate: 0.001, momentum: 0.9 } }, { steps: 1000 }) },
  ],
  width: 560,
  height: 440,
}));

const bowl = illConditioned(100);
const adamDecay = { rule: { type: 'adam', learningRate: 0.1 }, schedule: { type: 'inverseTime', decayRate: 0.05 } };
const momentumDecay = { rule: { type: 'sgd', learningRate: 0.01, momentum: 0.9 }, schedule: { type: 'inverseTime', decayRate: 0.02 } };
writeOutput(out, 'lbfgs-noise.svg', lineChart({
  title: 'On ½(x² + 100y²): L-BFGS with exact gradients and with minibatch noise',
  series: [
    { label: 'L-BFGS, exact', points: lossPoints(runLbfgsTrajectory(bowl, strongWolfe, { steps: 100 }).losses) },
    { label: 'L-BFGS, noise σ 2', points: lossPoints(runLbfgsTrajectory(bowl, strongWolfe, { steps: 100, noise: 2, seed: 2 }).losses) },
    { label: 'Adam lr 0.1, 1/t decay, noise σ 2', points: lossPoints(runTrajectory(bowl, adamDecay, { steps: 100, noise: 2, seed: 2 }).losses) },
  ],
  xLabel: 'iteration',
  yLabel: 'loss',
  logY: true,
}));

const noiseSeeds = [1, 2, 3, 4, 5];
const meanFinal = (run) => noiseSeeds.reduce((sum, seed) => sum + run(seed).losses.at(-1), 0) / noiseSeeds.length;
writeOutput(out, 'lbfgs-noise.html', htmlTable({
  caption: 'Measured: the loss of ½(x² + 100y²) after 200 iterations, mean of 5 seeds. "Noise σ" draws a new minibatch offset of the gradient every iteration (L-BFGS\'s line search re-evaluates the same batch within one).',
  columns: ['method', 'exact gradients', 'noise σ 0.5', 'noise σ 2'],
  rows: [
    ['L-BFGS, strong Wolfe', (noise) => meanFinal((seed) => runLbfgsTrajectory(bowl, strongWolfe, { steps: 200, noise, seed }))],
    ['Adam lr 0.1, 1/t decay', (noise) => meanFinal((seed) => runTrajectory(bowl, adamDecay, { steps: 200, noise, seed }))],
    ['momentum lr 0.01, 1/t decay', (noise) => meanFinal((seed) => runTrajectory(bowl, momentumDecay, { steps: 200, noise, seed }))],
  ].map(([name, final]) => [name, ...[0, 0.5, 2].map((noise) => formatLoss(final(noise)))]),
}));

/** Gradient evaluations until the n-dimensional Rosenbrock loss is below `tolerance`, for L-BFGS (one iteration per step). */
function lbfgsEvaluations(objective, start, tolerance, limit) {
  const x = Float64Array.from(start);
  const gradient = new Float64Array(x.length);
  const lbfgs = createLbfgs({ ...strongWolfe, maxIter: 1 });
  for (let i = 0; i < limit && objective.evaluate(x, gradient) >= tolerance; i++) lbfgs.step(x, (p) => ({ loss: objective.evaluate(p, gradient), gradient }));
  return objective.evaluate(x, gradient) < tolerance ? lbfgs.evaluations : `> ${lbfgs.evaluations}`;
}

/** Steps (one gradient each) until the loss is below `tolerance` for a first-order config, the best over learning rates. */
function firstOrderEvaluations(objective, start, tolerance, limit, configFor, rates) {
  const steps = rates.map((lr) => {
    const x = Float32Array.from(start);
    const gradient = new Float32Array(x.length);
    const optimizer = createOptimizer(configFor(lr));
    for (let k = 0; k < limit; k++) {
      const loss = objective.evaluate(x, gradient);
      if (!(loss < 1e10)) return Infinity;
      if (loss < tolerance) return k;
      optimizer.step([{ name: 'x', values: x }], [gradient]);
    }
    return Infinity;
  });
  const best = Math.min(...steps);
  return Number.isFinite(best) ? best : `> ${limit}`;
}

const tolerance = 1e-6;
const limit = 20000;
const rates = Array.from({ length: 9 }, (_, i) => 10 ** (-4 + i * 0.5));
const rows = [2, 10].map((n) => {
  const objective = rosenbrock({}, n);
  const start = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
  return [
    `${n}`,
    lbfgsEvaluations(objective, start, tolerance, 500),
    firstOrderEvaluations(objective, start, tolerance, limit, (lr) => ({ rule: { type: 'adam', learningRate: lr } }), rates),
    firstOrderEvaluations(objective, start, tolerance, limit, (lr) => ({ rule: { type: 'sgd', learningRate: lr, momentum: 0.9 } }), rates),
  ];
});
writeOutput(out, 'lbfgs-rosenbrock.html', htmlTable({
  caption: `Measured: gradient evaluations until the n-dimensional Rosenbrock loss is below ${tolerance.toExponential(0)}, from (−1.2, 1, −1.2, 1, …). L-BFGS with the strong-Wolfe line search counts every evaluation of its line search; Adam and momentum take their best learning rate of ${rates.length} (10⁻⁴ to 1, half decades), at most ${limit} steps.`,
  columns: ['dimensions', 'L-BFGS', 'Adam, best lr', 'SGD + momentum 0.9, best lr'],
  rows,
}));
