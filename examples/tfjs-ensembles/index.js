#!/usr/bin/env node
'use strict';
/**
 * Model ensembles on real MNIST (the lecture: "train multiple independent models, average
 * their results at test time: about 2% extra performance"). The same MLP is trained
 *  - alone (the single-model baseline, averaged over the ensemble's members),
 *  - as an ensemble of independently initialized models whose predictions are averaged,
 *  - once, with SGD + momentum on a cosineRestarts schedule, keeping a snapshot at the end of
 *    every cycle (snapshot ensemble, Huang et al. 2017: several models for the price of one),
 *  - once, keeping the Polyak average and an EMA of its weights (evaluated by swapping them in).
 *
 *   node examples/tfjs-ensembles/index.js [perDigit=300] [epochs=20] [testPerDigit=300] [members=5] [--backend wasm|cpu]
 *
 * (`npm run build` first.) CI runs it small: `node examples/tfjs-ensembles/index.js 20 2 20 2`.
 */
const tf = require('@tensorflow/tfjs');
const { Random } = require('@descent/core');
const { adam, sgd, averagePredictions, SnapshotEnsemble, useAveragedWeights } = require('@descent/tfjs');
const { digitTensors, accuracy, mlp, useBackend, integerArgs, backendArg, printTable, percent } = require('../tfjs-shared/mnist-tf');

const { perDigit, epochs, testPerDigit, members } = integerArgs({ perDigit: 300, epochs: 20, testPerDigit: 300, members: 5 });
const BATCH = 32;
const HIDDEN = [64];
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The training data in an order of its own, drawn from a seeded generator (members differ in init and order). */
function reordered(data, seed) {
  const order = new Random(seed).shuffle(Array.from({ length: data.count }, (_, i) => i));
  const indices = tf.tensor1d(order, 'int32');
  const result = { x: tf.gather(data.x, indices), y: tf.gather(data.y, indices), count: data.count };
  indices.dispose();
  return result;
}

async function train(model, optimizer, data, callbacks = []) {
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  await model.fit(data.x, data.y, { epochs, batchSize: BATCH, shuffle: false, verbose: 0, callbacks });
}

function scored(probabilities, test) {
  const share = accuracy(probabilities, test.labels);
  probabilities.dispose();
  return share;
}

async function main() {
  await useBackend(backendArg());
  const data = digitTensors(DIGITS, 0, perDigit);
  const test = digitTensors(DIGITS, -testPerDigit, testPerDigit);
  const stepsPerEpoch = Math.ceil(data.count / BATCH);
  console.log(`MLP 784-${HIDDEN.join('-')}-10, ${data.count} MNIST training digits, ${test.count} test digits, ${epochs} epoch(s) per model, ${members} members, tfjs ${tf.getBackend()} backend`);

  const models = [];
  for (let m = 0; m < members; m++) {
    const model = mlp(HIDDEN, 10, 1000 + 10 * m);
    const own = m === 0 ? data : reordered(data, m);
    await train(model, adam({ learningRate: 1e-3 }), own);
    if (own !== data) tf.dispose([own.x, own.y]);
    models.push(model);
  }
  const singles = models.map((model) => scored(model.predict(test.x), test));
  const ensemble = scored(averagePredictions(models, test.x), test);

  const cycled = mlp(HIDDEN, 10, 1000);
  const cycleSteps = Math.max(1, Math.floor((epochs * stepsPerEpoch) / members));
  const snapshots = new SnapshotEnsemble();
  await train(cycled, sgd({ learningRate: 0.1, momentum: 0.9, schedule: { type: 'cosineRestarts', firstDecaySteps: cycleSteps } }), data, [snapshots]);
  const lastCycle = scored(cycled.predict(test.x), test);
  const snapshotEnsemble = snapshots.snapshots.length > 0 ? scored(snapshots.predict(test.x), test) : NaN;

  const averagedRuns = {};
  for (const average of [{ type: 'polyak' }, { type: 'ema', decay: 0.99 }]) {
    const model = mlp(HIDDEN, 10, 1000);
    const optimizer = adam({ learningRate: 1e-3, average });
    await train(model, optimizer, data);
    const trained = scored(model.predict(test.x), test);
    const restore = useAveragedWeights(optimizer, model);
    averagedRuns[average.type] = { trained, averaged: scored(model.predict(test.x), test) };
    restore();
    model.dispose();
  }

  const mean = singles.reduce((a, b) => a + b, 0) / singles.length;
  const gain = (value, base) => `${value - base >= 0 ? '+' : ''}${((value - base) * 100).toFixed(1)} pts`;
  printTable([
    { model: 'Adam, single model (mean of the members)', 'test accuracy': percent(mean), gain: '', 'compared with': '', runs: 1 },
    { model: `Adam, ensemble of ${members} independent models`, 'test accuracy': percent(ensemble), gain: gain(ensemble, mean), 'compared with': 'single model', runs: members },
    { model: 'SGD+momentum, cosineRestarts: last cycle', 'test accuracy': percent(lastCycle), gain: gain(lastCycle, mean), 'compared with': 'single Adam model', runs: 1 },
    { model: `snapshot ensemble of its ${snapshots.snapshots.length} cycle ends`, 'test accuracy': percent(snapshotEnsemble), gain: gain(snapshotEnsemble, lastCycle), 'compared with': 'its last cycle', runs: 1 },
    { model: 'Adam, Polyak-averaged weights', 'test accuracy': percent(averagedRuns.polyak.averaged), gain: gain(averagedRuns.polyak.averaged, averagedRuns.polyak.trained), 'compared with': 'its trained weights', runs: 1 },
    { model: 'Adam, EMA weights (decay 0.99)', 'test accuracy': percent(averagedRuns.ema.averaged), gain: gain(averagedRuns.ema.averaged, averagedRuns.ema.trained), 'compared with': 'its trained weights', runs: 1 },
  ]);
  console.log(`members individually: ${singles.map(percent).join(' ')}`);
  snapshots.dispose();
  [...models, cycled].forEach((m) => m.dispose());
  tf.dispose([data.x, data.y, test.x, test.y]);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
