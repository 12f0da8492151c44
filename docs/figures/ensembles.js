'use strict';
/** Figures of the guide "Ensembles, snapshots and Polyak averaging": averaged iterates, and ensembles on MNIST. */
const { NeuralNetwork } = require('brain.js');
const { train, trainEnsemble, Ensemble } = require('@descent/brain');
const { illConditioned } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');
const { digits, accuracy, percent } = require('./lib/digits');

const out = outputDir();
const bowl = illConditioned(20);
const noisy = { steps: 300, noise: 3, seed: 4 };
const sgd = { type: 'sgd', learningRate: 0.05 };
const ema = runTrajectory(bowl, { rule: sgd, average: { type: 'ema', decay: 0.95 } }, noisy);
const polyak = runTrajectory(bowl, { rule: sgd, average: { type: 'polyak' } }, noisy);
writeOutput(out, 'polyak-trajectory.svg', contourChart({
  title: 'Noisy SGD (lr 0.05, σ 3) and its averages, 300 steps',
  surface: bowl,
  trajectories: [
    { label: 'SGD iterate', path: ema.path },
    { label: 'EMA, decay 0.95', path: ema.average },
    { label: 'Polyak (running mean)', path: polyak.average },
  ],
}));

/** The loss at each point of a path, averaged over seeds. */
const gradient = new Float64Array(2);
const lossAt = (point) => bowl.objective.evaluate(point, gradient);
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const meanOver = (pick) => {
  const runs = seeds.map((seed) => pick(runTrajectory(bowl, { rule: sgd, average: { type: 'ema', decay: 0.95 } }, { ...noisy, seed }), runTrajectory(bowl, { rule: sgd, average: { type: 'polyak' } }, { ...noisy, seed })));
  return runs[0].map((_, k) => [k, runs.reduce((sum, path) => sum + lossAt(path[k]), 0) / runs.length]);
};
writeOutput(out, 'polyak-loss.svg', lineChart({
  title: 'Loss of the iterate and of its averages, mean of 20 seeds',
  series: [
    { label: 'SGD iterate', points: meanOver((e) => e.path) },
    { label: 'EMA, decay 0.95', points: meanOver((e) => e.average) },
    { label: 'Polyak (running mean)', points: meanOver((e, p) => p.average) },
  ],
  xLabel: 'step',
  yLabel: 'loss',
  logY: true,
}));

// MNIST with brain.js: single nets, an ensemble, snapshots of one run, averaged weights.
const trainSet = digits(0, 50);
const testSet = digits(500, 100);
const base = { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 }, batchSize: 10, iterations: 30, errorThresh: 0 };
const net = () => new NeuralNetwork({ hiddenLayers: [32] });
const members = 5;

const { ensemble } = trainEnsemble(members, net, trainSet, { ...base, seed: 1 });
const singles = ensemble.members.map((member) => accuracy((x) => member.run(x), testSet));

// Snapshots: cosine restarts every 10 epochs, a copy of the net at the end of each cycle.
const snapshots = [];
const cycled = net();
const stepsPerEpoch = trainSet.length / base.batchSize;
train(cycled, trainSet, {
  ...base,
  seed: 1,
  schedule: { type: 'cosineRestarts', firstDecaySteps: 10 * stepsPerEpoch },
  progress: ({ iterations }) => {
    if (iterations % 10 === 0) snapshots.push(new NeuralNetwork().fromJSON(cycled.toJSON()));
  },
});
const snapshotEnsemble = new Ensemble(snapshots);

const averaged = net();
train(averaged, trainSet, { ...base, seed: 1, average: { type: 'ema', decay: 0.99 } });

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
writeOutput(out, 'ensembles-mnist.html', htmlTable({
  caption: `Measured with @descent/brain: test accuracy on ${testSet.length} MNIST digits of nets (784–32–10) trained on ${trainSet.length} others, SGD with momentum 0.9, ${base.iterations} epochs each.`,
  columns: ['model', 'test accuracy'],
  rows: [
    [`single net (mean of ${members}, seeds 1–${members})`, percent(mean(singles))],
    [`single nets: worst and best`, `${percent(Math.min(...singles))} – ${percent(Math.max(...singles))}`],
    [`ensemble of the ${members} nets`, percent(accuracy((x) => ensemble.run(x), testSet))],
    ['the cosine-restarts run (10-epoch cycles), its last snapshot alone', percent(accuracy((x) => snapshots.at(-1).run(x), testSet))],
    [`snapshot ensemble: the ${snapshots.length} cycle ends of that one run`, percent(accuracy((x) => snapshotEnsemble.run(x), testSet))],
    ['one net, its EMA-averaged weights (decay 0.99)', percent(accuracy((x) => averaged.run(x), testSet))],
  ],
}));
