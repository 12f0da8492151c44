'use strict';
/** Figures of the guide "Regularization and dropout": dropout masks, and the train/test gap on MNIST. */
const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const { Random, dropoutMask } = require('@descent/core');
const { element, text, svgDocument } = require('../lib/plot/svg');
const { lineChart } = require('../lib/plot/line-chart');
const { seriesColor } = require('../lib/plot/palette');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');
const { digits, accuracy, percent } = require('./lib/digits');

const out = outputDir();

/** A grid of dropout masks from the core's generator: one row per training step, one cell per unit. */
function maskGrid(rate, mode, steps, units) {
  const random = new Random(3);
  const cell = 26;
  const left = 70;
  const top = 34;
  const rows = Array.from({ length: steps }, (_, step) => {
    const mask = new Float32Array(units);
    dropoutMask(random, rate, mask, mode);
    return element('g', {}, text(`step ${step + 1}`, { x: left - 8, y: top + step * cell + 17, 'text-anchor': 'end', fill: '#444' }), Array.from(mask, (m, unit) => element('g', {},
      element('rect', { x: left + unit * cell, y: top + step * cell, width: cell - 3, height: cell - 3, rx: 3, fill: m === 0 ? '#eee' : seriesColor(0), 'fill-opacity': m === 0 ? 1 : 0.85 }),
      m === 0 ? '' : text(String(Number(m.toPrecision(2))), { x: left + unit * cell + 11.5, y: top + step * cell + 16, 'text-anchor': 'middle', fill: '#fff', 'font-size': 10 }))));
  });
  const title = `${mode === 'inverted' ? 'Inverted' : 'Classic'} dropout masks, rate ${rate}: kept units × ${mode === 'inverted' ? 1 / (1 - rate) : 1}`;
  return svgDocument({ width: left + units * cell + 10, height: top + steps * cell + 10, title }, text(title, { x: left, y: 20, 'font-weight': 600 }), rows);
}
writeOutput(out, 'dropout-masks.svg', maskGrid(0.5, 'inverted', 6, 16));

// brain.js on few MNIST digits: overfitting, and what L2 and dropout do to it.
const trainSet = digits(0, 20);
const testSet = digits(500, 100);
const epochs = 60;
const settings = [
  ['no regularization', {}],
  ['L2, strength 1e-3', { transforms: [{ type: 'l2', strength: 1e-3 }] }],
  ['dropout 0.5', { dropout: 0.5 }],
];
const runs = settings.map(([label, extra]) => {
  const net = new NeuralNetwork({ hiddenLayers: [128] });
  const curve = { train: [], test: [] };
  train(net, trainSet, {
    optimizer: { type: 'adam', learningRate: 0.003 },
    batchSize: 10,
    iterations: epochs,
    errorThresh: 0,
    seed: 1,
    activation: 'leaky-relu',
    ...extra,
    progress: ({ iterations }) => {
      if (iterations % 5 !== 0) return;
      curve.train.push([iterations, accuracy((x) => net.run(x), trainSet)]);
      curve.test.push([iterations, accuracy((x) => net.run(x), testSet)]);
    },
  });
  return { label, curve };
});
writeOutput(out, 'regularization-curves.svg', lineChart({
  title: `Accuracy on the ${trainSet.length} training digits (dashed) and ${testSet.length} test digits (solid)`,
  series: runs.flatMap(({ label, curve }, i) => [
    { label: `${label}, test`, points: curve.test, color: seriesColor(i) },
    { label: `${label}, train`, points: curve.train, color: seriesColor(i), dash: '5 4' },
  ]),
  xLabel: 'epoch',
  yLabel: 'accuracy',
  yDomain: [0.5, 1],
  height: 420,
}));
/** Training accuracy minus test accuracy at the last epoch, in percentage points. */
const gap = ({ curve }) => 100 * (curve.train.at(-1)[1] - curve.test.at(-1)[1]);
/** How a regularized run changed the gap of the plain run, in words. */
const gapChange = (run) => {
  const change = gap(run) - gap(runs[0]);
  return `${run.label} ${change <= 0 ? 'narrowed' : 'widened'} it by ${Math.abs(change).toFixed(1)} points`;
};
writeOutput(out, 'regularization-mnist.html', htmlTable({
  caption: `Measured with @descent/brain: a 784–128–10 leaky-ReLU net, Adam (lr 0.003), batches of 10, ${epochs} epochs on ${trainSet.length} MNIST digits; accuracy at inference (no dropout). Against the gap without regularization, ${runs.slice(1).map(gapChange).join(' and ')}.`,
  columns: ['regularization', 'training accuracy', 'test accuracy', 'gap'],
  rows: runs.map((run) => [run.label, percent(run.curve.train.at(-1)[1]), percent(run.curve.test.at(-1)[1]), `${gap(run).toFixed(1)} points`]),
}));
