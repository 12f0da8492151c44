'use strict';
const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const { Random, dropoutMask } = require('@descent/core');

/** XOR as brain.js training data. */
const XOR = [
  { input: [0, 0], output: [0] },
  { input: [0, 1], output: [1] },
  { input: [1, 0], output: [1] },
  { input: [1, 1], output: [0] },
];

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** The mean squared error of a 2–h–1 sigmoid net on XOR with fresh inverted-dropout masks of `rate` on its hidden units, averaged over `draws` masks per sample. */
function droppedError(net, random, rate, draws = 50) {
  const mask = new Float32Array(net.sizes[1]);
  let squared = 0;
  for (let d = 0; d < draws; d++) {
    for (const { input, output } of XOR) {
      dropoutMask(random, rate, mask, 'inverted');
      const hidden = net.weights[1].map((row, j) => sigmoid(net.biases[1][j] + row[0] * input[0] + row[1] * input[1]) * mask[j]);
      const y = sigmoid(net.biases[2][0] + hidden.reduce((sum, h, j) => sum + h * net.weights[2][0][j], 0));
      squared += (output[0] - y) ** 2;
    }
  }
  return squared / (draws * XOR.length);
}

/**
 * Trains a brain.js 2–8–1 net on XOR with @descent/brain's `train` and dropout `rate` on
 * its hidden units until `errorThresh` (or `iterations`), recording every `every` epochs
 * the error the trainer reports (at inference, no units dropped) and, with dropout, the
 * error with fresh masks. `optimizer` undefined is brain.js's own rule as descent says it.
 * @param {{ rate: number, errorThresh: number, optimizer?: { type: string, learningRate: number }, iterations?: number, every?: number }} settings
 * @returns {{ iterations: number, error: number, inference: [number, number][], dropped: [number, number][] }}
 */
function xorWithDropout({ rate, errorThresh, optimizer, iterations = 3000, every = 25 }) {
  const net = new NeuralNetwork({ hiddenLayers: [8] });
  const random = new Random(5);
  const inference = [];
  const dropped = [];
  const status = train(net, XOR, {
    dropout: rate,
    errorThresh,
    iterations,
    seed: 2,
    ...(optimizer ? { optimizer } : {}),
    progress: ({ iterations: epoch, error }) => {
      if (epoch % every !== 0) return;
      inference.push([epoch, error]);
      if (rate > 0) dropped.push([epoch, droppedError(net, random, rate)]);
    },
  });
  return { iterations: status.iterations, error: status.error, inference, dropped };
}

module.exports = { xorWithDropout };
