'use strict';
/**
 * Figures of the guide "Transfer learning": a tfjs MLP trained on digits 0–4, then a few
 * digits each of the new classes 5–9, from scratch or through a linear head on one of the
 * base's hidden layers (the lecture's "very little data, very different dataset" cell).
 */
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const descent = require('@descent/tfjs');
const { digitTensors, mlp, fit, accuracy, compareOnNewClasses, METHODS, SOURCE, TARGET } = require('../lib/transfer');
const { lineChart } = require('../lib/plot/line-chart');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');
const { digits, percent } = require('./lib/digits');

const out = outputDir();
const BASE = { perClass: 600, epochs: 5 };
const EPOCHS = 40;
const SIZES = [5, 20];
const SEEDS = [1, 2, 3];

/** Digits of `classes` as tensors: `perClass` of each from index `from`, interleaved. */
const tensors = (from, perClass, classes) => digitTensors(tf, digits(from, perClass, classes), classes);

/** Test accuracies on 5–9 after training on `perClass` digits of each, for one seed. */
async function compare(base, perClass, seed, test) {
  const train = tensors(0, perClass, TARGET);
  const result = await compareOnNewClasses(tf, descent, base, train, test, { seed, epochs: EPOCHS });
  tf.dispose([train.x, train.y]);
  return result;
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

(async () => {
  await tf.setBackend('wasm');
  const source = tensors(0, BASE.perClass, SOURCE);
  const sourceTest = tensors(700, 150, SOURCE);
  const base = mlp(tf, 31);
  await fit(tf, descent, base, source, { learningRate: 1e-3, epochs: BASE.epochs, batchSize: 32 });
  const baseAccuracy = accuracy(tf, base, sourceTest);
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
