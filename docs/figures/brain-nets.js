'use strict';
/** Figure of the guide "brain.js nets with descent": the training error with dropout, with units dropped and at inference. */
const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const { Random, dropoutMask } = require('@descent/core');
const { lineChart } = require('../lib/plot/line-chart');
const { seriesColor } = require('../lib/plot/palette');
const { outputDir, writeOutput } = require('./lib/output');

const out = outputDir();
const xor = [
  { input: [0, 0], output: [0] },
  { input: [0, 1], output: [1] },
  { input: [1, 0], output: [1] },
  { input: [1, 1], output: [0] },
];
const rate = 0.5;
const errorThresh = 0.01;
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** The mean squared error of the 2-8-1 sigmoid net on XOR with fresh inverted-dropout masks on its hidden units, averaged over `draws` masks per sample. */
function droppedError(net, random, draws = 50) {
  const mask = new Float32Array(net.sizes[1]);
  let squared = 0;
  for (let d = 0; d < draws; d++) {
    for (const { input, output } of xor) {
      dropoutMask(random, rate, mask, 'inverted');
      const hidden = net.weights[1].map((row, j) => sigmoid(net.biases[1][j] + row[0] * input[0] + row[1] * input[1]) * mask[j]);
      const y = sigmoid(net.biases[2][0] + hidden.reduce((sum, h, j) => sum + h * net.weights[2][0][j], 0));
      squared += (output[0] - y) ** 2;
    }
  }
  return squared / (draws * xor.length);
}

const net = new NeuralNetwork({ hiddenLayers: [8] });
const random = new Random(5);
const inference = [];
const dropped = [];
const status = train(net, xor, {
  dropout: rate,
  errorThresh,
  seed: 2,
  progress: ({ iterations, error }) => {
    if (iterations % 100 !== 0) return;
    inference.push([iterations, error]);
    dropped.push([iterations, droppedError(net, random)]);
  },
});
writeOutput(out, 'brain-nets-dropout-error.svg', lineChart({
  title: `XOR, 2–8–1 net, dropout ${rate} on the hidden units: stopped on errorThresh ${errorThresh} after ${status.iterations} epochs`,
  series: [
    { label: 'error at inference (what errorThresh sees)', points: inference, color: seriesColor(0) },
    { label: 'error with units dropped', points: dropped, color: seriesColor(1), dash: '5 4' },
    { label: `errorThresh ${errorThresh}`, points: [[0, errorThresh], [status.iterations, errorThresh]], color: '#888', dash: '2 3' },
  ],
  xLabel: 'epoch',
  yLabel: 'mean squared error',
  logY: true,
}));
