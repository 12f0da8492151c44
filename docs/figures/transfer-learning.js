'use strict';
/**
 * Figures of the guide "Transfer learning": a tfjs MLP trained on digits 0–4, then a few
 * digits each of the new classes 5–9, from scratch or through a linear head on one of the
 * base's hidden layers (the lecture's "very little data, very different dataset" cell).
 */
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const { adam, replaceHead, freeze, unfreeze, layerLearningRates } = require('@descent/tfjs');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');
const { digits, percent } = require('./lib/digits');

const out = outputDir();
const SOURCE = [0, 1, 2, 3, 4];
const TARGET = [5, 6, 7, 8, 9];
const HIDDEN = [128, 64];
const BASE = { perClass: 600, epochs: 5 };
const EPOCHS = 40;
const SIZES = [5, 20];
const SEEDS = [1, 2, 3];

/** Digits of `classes` as tensors: images, and one-hot labels counted from the first class. */
function tensors(from, perClass, classes) {
  const set = digits(from, perClass, classes);
  const labels = set.map((d) => d.label - classes[0]);
  return {
    x: tf.tensor2d(set.map((d) => d.input)),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes.length).toFloat()),
    labels,
  };
}

/** A 784–128–64–5 ReLU MLP with a softmax output, its kernels drawn from `seed`. */
function mlp(seed) {
  const layers = HIDDEN.map((units, i) => tf.layers.dense({ units, activation: 'relu', inputShape: i === 0 ? [784] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }) }));
  layers.push(tf.layers.dense({ units: 5, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + HIDDEN.length }) }));
  return tf.sequential({ layers });
}

/** Compiles with Adam (descent's) and trains in the data's fixed, interleaved order. */
async function fit(model, data, { learningRate, groups, epochs = EPOCHS, batchSize = 16 }) {
  model.compile({ optimizer: adam({ learningRate, groups }), loss: 'categoricalCrossentropy' });
  await model.fit(data.x, data.y, { epochs, batchSize, shuffle: false, verbose: 0 });
  model.optimizer.dispose();
}

/** The share of a split the model classifies right. */
function accuracy(model, data) {
  const predicted = tf.tidy(() => model.predict(data.x).argMax(1).dataSync());
  return data.labels.filter((label, i) => predicted[i] === label).length / data.labels.length;
}

/**
 * A frozen copy of the base with a new linear (softmax) head on one of its hidden layers:
 * `removeLayers` 1 keeps both hidden layers (head on the last, 64 units), 2 keeps the
 * first (head on its 128 units). The copy keeps the base itself as trained on 0–4.
 */
function headOn(base, removeLayers, seed) {
  const copy = mlp(0);
  copy.setWeights(base.getWeights());
  const model = replaceHead(copy, { classes: 5, removeLayers, kernelInitializer: tf.initializers.glorotUniform({ seed }) });
  freeze(model, (_layer, i) => i < model.layers.length - 1);
  return model;
}

/** Test accuracies on 5–9 after training on `perClass` digits of each, for one seed. */
async function compare(base, perClass, seed, test) {
  const train = tensors(0, perClass, TARGET);
  const scratch = mlp(1000 * seed);
  await fit(scratch, train, { learningRate: 1e-3 });
  const last = headOn(base, 1, 1000 * seed + 1);
  await fit(last, train, { learningRate: 1e-2 });
  const first = headOn(base, 2, 1000 * seed + 1);
  await fit(first, train, { learningRate: 1e-2 });
  const result = { scratch: accuracy(scratch, test), last: accuracy(last, test), first: accuracy(first, test) };
  // Fine-tune the whole first-layer model: the base layer at the rate, the head at 10×.
  unfreeze(first);
  await fit(first, train, { learningRate: 3e-4, groups: layerLearningRates(first, { '-1': 10 }) });
  result.fineTuned = accuracy(first, test);
  [scratch, last, first].forEach((model) => model.dispose());
  tf.dispose([train.x, train.y]);
  return result;
}

const METHODS = [
  { key: 'scratch', label: 'from scratch (784–128–64–5)' },
  { key: 'last', label: 'frozen base, linear head on the last hidden layer (64)', short: 'the head on the last hidden layer' },
  { key: 'first', label: 'frozen base, linear head on the first hidden layer (128)', short: 'the head on the first hidden layer' },
  { key: 'fineTuned', label: 'first-layer head, then all fine-tuned (head at 10×)', short: 'the fine-tuned net' },
];
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

(async () => {
  await tf.setBackend('wasm');
  const source = tensors(0, BASE.perClass, SOURCE);
  const sourceTest = tensors(700, 150, SOURCE);
  const base = mlp(31);
  await fit(base, source, { learningRate: 1e-3, epochs: BASE.epochs, batchSize: 32 });
  const baseAccuracy = accuracy(base, sourceTest);
  const test = tensors(700, 150, TARGET);

  const runs = [];
  for (const perClass of SIZES) {
    for (const seed of SEEDS) runs.push({ perClass, seed, ...(await compare(base, perClass, seed, test)) });
  }
  const meanAt = (key, perClass) => mean(runs.filter((r) => r.perClass === perClass).map((r) => r[key]));
  const perSeed = (key, perClass) => runs.filter((r) => r.perClass === perClass).map((r) => percent(r[key])).join(' ');

  writeOutput(out, 'transfer-curves.svg', lineChart({
    title: `Test accuracy on ${test.labels.length} digits 5–9, mean of ${SEEDS.length} seeds`,
    series: METHODS.map(({ key, label }) => ({ label, points: SIZES.map((n) => [n, meanAt(key, n)]) })),
    xLabel: 'training digits per class (5–9)',
    yLabel: 'test accuracy',
    yDomain: [0.4, 1],
  }));
  const verdicts = SIZES.map((n) => {
    const better = METHODS.slice(1).filter(({ key }) => meanAt(key, n) > meanAt('scratch', n)).map((m) => m.short);
    return `${n} per class: ${better.length > 0 ? `${better.join(' and ')} beat${better.length === 1 ? 's' : ''}` : 'nothing beats'} training from scratch`;
  });
  writeOutput(out, 'transfer-mnist.html', htmlTable({
    caption: `Measured with @descent/tfjs (wasm backend): a 784–128–64–5 ReLU MLP trained for ${BASE.epochs} epochs on ${BASE.perClass} digits of each of 0–4 (${percent(baseAccuracy)} on ${sourceTest.labels.length} other digits 0–4), then ${EPOCHS} epochs (Adam, batch 16; lr 0.001 from scratch, 0.01 for the frozen heads, 0.0003 to fine-tune) on a few digits of each of 5–9. Test accuracy on ${test.labels.length} other digits 5–9, the mean of seeds ${SEEDS.join(', ')} (each its own initial weights for the new head and the net from scratch; the base is the same). ${verdicts.join('; ')}.`,
    columns: ['method', ...SIZES.flatMap((n) => [`${n} per class`, 'per seed'])],
    rows: METHODS.map(({ key, label }) => [label, ...SIZES.flatMap((n) => [percent(meanAt(key, n)), perSeed(key, n)])]),
  }));
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
