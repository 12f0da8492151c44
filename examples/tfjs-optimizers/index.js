#!/usr/bin/env node
'use strict';
/**
 * Swapping optimizers on a tfjs model: the same seeded MLP (784-64-10) learns real MNIST
 * digits with tf.train.adam and with every rule of the registry, plus Adam with a warm-up
 * and cosine schedule, gradient clipping and EMA weights. Prints final training loss,
 * test accuracy and time per optimizer, and writes the loss curves as SVG.
 *
 *   node examples/tfjs-optimizers/index.js [perDigit=300] [epochs=6] [testPerDigit=200] [--backend wasm|cpu]
 *
 * (`npm run build` first.) CI runs it small: `node examples/tfjs-optimizers/index.js 20 1 20`.
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const tf = require('@tensorflow/tfjs');
const { ruleTypes } = require('@descent/core');
const descent = require('@descent/tfjs');
const { lineChart } = require('../../docs/lib/plot/line-chart');
const { palette } = require('../../docs/lib/plot/palette');
const { digitTensors, accuracy, mlp, useBackend, integerArgs, backendArg, printTable, percent } = require('../tfjs-shared/mnist-tf');

const { perDigit, epochs, testPerDigit } = integerArgs({ perDigit: 300, epochs: 6, testPerDigit: 200 });
const BATCH = 32;
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Fields other than the rule's defaults, where a default does not suit this net. */
const TUNED = { sgd: { learningRate: 0.1 }, adagrad: { learningRate: 0.05 }, rmsprop: { learningRate: 1e-3 } };

/** Variants shown after a rule, by rule type. */
const VARIANTS = { sgd: [['sgd nesterov', () => descent.sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true })]] };

/** Each contender: a label and a function making a fresh optimizer (steps = total steps of the run). */
const CONTENDERS = [
  ['tf.train.adam (tfjs)', () => tf.train.adam(1e-3)],
  ...ruleTypes.flatMap((type) => [[type, () => descent.createDescentOptimizer({ type, ...TUNED[type] })], ...(VARIANTS[type] ?? [])]),
  [
    'adam+warmup/cosine+clip+ema',
    (steps) =>
      descent.adam({
        learningRate: 2e-3,
        schedule: { type: 'sequential', milestones: [Math.max(1, Math.round(steps / 10))], schedules: [{ type: 'linear', startFactor: 0.1, totalSteps: Math.max(1, Math.round(steps / 10)) }, { type: 'cosine', decaySteps: steps }] },
        transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }],
        average: { type: 'ema', decay: 0.99 },
      }),
  ],
];

async function trainWith(label, makeOptimizer, train, test) {
  const steps = epochs * Math.ceil(train.count / BATCH);
  const model = mlp([64], 10, 42);
  const optimizer = makeOptimizer(steps);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const losses = [];
  const started = process.hrtime.bigint();
  await model.fit(train.x, train.y, {
    epochs,
    batchSize: BATCH,
    shuffle: false,
    verbose: 0,
    callbacks: { onBatchEnd: async (_batch, logs) => losses.push(logs.loss) },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const averaged = optimizer instanceof descent.DescentOptimizer && optimizer.getConfig().average !== undefined;
  const restore = averaged ? descent.useAveragedWeights(optimizer, model) : () => undefined;
  const probabilities = model.predict(test.x);
  const testAccuracy = accuracy(probabilities, test.labels);
  restore();
  probabilities.dispose();
  model.dispose();
  optimizer.dispose();
  const tail = losses.slice(-Math.ceil(train.count / BATCH));
  return { label, losses, finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length, testAccuracy, seconds };
}

/** Mean of every `window` consecutive values, as [step, mean] points. */
function smooth(values, window) {
  const points = [];
  for (let i = 0; i + window <= values.length; i += window) points.push([i + window, values.slice(i, i + window).reduce((a, b) => a + b, 0) / window]);
  return points;
}

async function main() {
  await useBackend(backendArg());
  const train = digitTensors(DIGITS, 0, perDigit);
  const test = digitTensors(DIGITS, -testPerDigit, testPerDigit);
  console.log(`MLP 784-64-10 on ${train.count} MNIST training digits, ${test.count} test digits, ${epochs} epoch(s), batch ${BATCH}, tfjs ${tf.getBackend()} backend`);
  const results = [];
  for (const [label, make] of CONTENDERS) results.push(await trainWith(label, make, train, test));
  printTable(
    results.map((r) => ({
      optimizer: r.label,
      'final loss': r.finalLoss.toFixed(4),
      'test accuracy': percent(r.testAccuracy),
      'time (s)': r.seconds.toFixed(2),
    })),
  );
  const window = Math.max(1, Math.round(results[0].losses.length / 60));
  const chart = lineChart({
    title: `MNIST MLP training loss (${train.count} digits, mean of ${window} batches)`,
    series: results.map((r, i) => ({ label: r.label, points: smooth(r.losses, window), dash: i >= palette.length ? '6 3' : undefined })),
    xLabel: 'step',
    yLabel: 'loss',
    logY: true,
    width: 900,
    height: 480,
  });
  const directory = join(__dirname, 'output');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'loss-curves.svg'), chart);
  console.log(`loss curves written to ${join(directory, 'loss-curves.svg')}`);
  tf.dispose([train.x, train.y, test.x, test.y]);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
