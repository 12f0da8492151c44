'use strict';
/** Figures of the guide "Transfer learning": few digits of new classes, from scratch or from a net trained on others. */
const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');
const { digits, accuracy, percent } = require('./lib/digits');

const out = outputDir();
const source = [0, 1, 2, 3, 4];
const target = [5, 6, 7, 8, 9];
const options = { optimizer: { type: 'adam', learningRate: 0.003 }, activation: 'leaky-relu', batchSize: 10, errorThresh: 0, seed: 1 };

// The "big dataset": 200 digits of each of the classes 0–4.
const pretrained = new NeuralNetwork({ hiddenLayers: [64] });
train(pretrained, digits(0, 200, source), { ...options, iterations: 15 });
const copy = () => new NeuralNetwork().fromJSON(pretrained.toJSON());

const testSet = digits(500, 100, target);
const sizes = [2, 5, 10, 20, 50];
const methods = [
  ['from scratch', (data) => {
    const net = new NeuralNetwork({ hiddenLayers: [64] });
    train(net, data, { ...options, iterations: 60 });
    return net;
  }],
  ['pretrained, hidden layer frozen (new head only)', (data) => {
    const net = copy();
    train(net, data, { ...options, iterations: 60, frozenLayers: [1] });
    return net;
  }],
  ['pretrained, fine-tuned (lr × 0.1)', (data) => {
    const net = copy();
    train(net, data, { ...options, optimizer: { type: 'adam', learningRate: 0.0003 }, iterations: 60 });
    return net;
  }],
];
const results = methods.map(([label, fit]) => ({
  label,
  points: sizes.map((n) => {
    const net = fit(digits(0, n, target));
    return [n, accuracy((x) => net.run(x), testSet)];
  }),
}));

writeOutput(out, 'transfer-curves.svg', lineChart({
  title: `Test accuracy on ${testSet.length} digits 5–9 against training digits per class`,
  series: results,
  xLabel: 'training digits per class (5–9)',
  yLabel: 'test accuracy',
  yDomain: [0, 1],
}));
const [scratch, ...transferred] = results;
const wins = transferred.map(({ label, points }) => `${label}: better than from scratch at ${points.filter(([, a], i) => a > scratch.points[i][1]).length} of ${sizes.length} sizes`);
writeOutput(out, 'transfer-mnist.html', htmlTable({
  caption: `Measured with @descent/brain: a 784–64–10 leaky-ReLU net pretrained for 15 epochs on 1000 digits 0–4, then trained for 60 epochs on a few digits 5–9 (Adam, lr 0.003 unless noted), against the same net trained from scratch; accuracy on ${testSet.length} other digits 5–9. ${wins.join('; ')}.`,
  columns: ['method', ...sizes.map((n) => `${n} per class`)],
  rows: results.map(({ label, points }) => [label, ...points.map(([, a]) => percent(a))]),
}));
