#!/usr/bin/env node
'use strict';
/**
 * Transfer learning on real MNIST: an MLP learns digits 0-4 from plenty of images; its
 * hidden layers are then reused for digits 5-9, learned from only a few images each,
 * first with the base frozen (only a new head trains), then fine-tuned with the base at a
 * tenth of the head's learning rate. Compared with the same network trained from scratch
 * on the same few images, on the same held-out test digits.
 *
 *   node examples/tfjs-transfer/index.js [basePerDigit=800] [fewPerDigit=5] [epochs=60] [testPerDigit=300] [seeds=3] [--backend wasm|cpu]
 *
 * (`npm run build` first.) CI runs it small: `node examples/tfjs-transfer/index.js 30 5 3 20 1`.
 */
const tf = require('@tensorflow/tfjs');
const { adam, freeze, unfreeze, replaceHead, layerLearningRates } = require('@descent/tfjs');
const { digitTensors, accuracy, mlp, useBackend, integerArgs, backendArg, printTable, percent } = require('../tfjs-shared/mnist-tf');

const { basePerDigit, fewPerDigit, epochs, testPerDigit, seeds } = integerArgs({ basePerDigit: 800, fewPerDigit: 5, epochs: 60, testPerDigit: 300, seeds: 3 });
const HIDDEN = [256, 128];
/** The new head sits on the base's first hidden layer: its 256 features are the more general ones. */
const REMOVED = 2;
const LOSS = 'categoricalCrossentropy';

async function fit(model, optimizer, data, epochCount) {
  model.compile({ optimizer, loss: LOSS });
  await model.fit(data.x, data.y, { epochs: epochCount, batchSize: 16, shuffle: false, verbose: 0 });
}

function testAccuracy(model, test) {
  const probabilities = model.predict(test.x);
  const share = accuracy(probabilities, test.labels);
  probabilities.dispose();
  return share;
}

const trainableCount = (model) => model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);

/** One seed: base on 0-4, then scratch vs frozen transfer vs fine-tuned on the few 5-9 images. */
async function runSeed(seed, data) {
  const base = mlp(HIDDEN, 5, 100 * seed);
  await fit(base, adam({ learningRate: 1e-3 }), data.base, Math.max(1, Math.round(epochs / 6)));
  const baseAccuracy = testAccuracy(base, data.baseTest);

  const scratch = mlp(HIDDEN, 5, 100 * seed + 50);
  await fit(scratch, adam({ learningRate: 1e-3 }), data.few, epochs);
  const scratchAccuracy = testAccuracy(scratch, data.test);
  const scratchParameters = trainableCount(scratch);

  const transferred = replaceHead(base, { classes: 5, removeLayers: REMOVED, kernelInitializer: tf.initializers.glorotUniform({ seed: 100 * seed + 7 }) });
  freeze(transferred, (_layer, i) => i < transferred.layers.length - 1);
  const headParameters = trainableCount(transferred);
  await fit(transferred, adam({ learningRate: 1e-2 }), data.few, epochs);
  const frozenAccuracy = testAccuracy(transferred, data.test);

  unfreeze(transferred);
  const baseLayers = Object.fromEntries(transferred.layers.slice(1, -1).map((layer) => [layer.name, 0.1]));
  await fit(transferred, adam({ learningRate: 1e-3, groups: layerLearningRates(transferred, baseLayers) }), data.few, Math.max(1, Math.round(epochs / 2)));
  const tunedAccuracy = testAccuracy(transferred, data.test);
  const tunedParameters = trainableCount(transferred);

  // The transferred model holds the base's layers: disposing it frees them; only the old head is left.
  [scratch, transferred, base.layers[base.layers.length - 1]].forEach((m) => m.dispose());
  return { baseAccuracy, scratch: [scratchAccuracy, scratchParameters], frozen: [frozenAccuracy, headParameters], tuned: [tunedAccuracy, tunedParameters] };
}

async function main() {
  await useBackend(backendArg());
  const data = {
    base: digitTensors([0, 1, 2, 3, 4], 0, basePerDigit),
    baseTest: digitTensors([0, 1, 2, 3, 4], -testPerDigit, testPerDigit),
    few: digitTensors([5, 6, 7, 8, 9], 0, fewPerDigit, 5),
    test: digitTensors([5, 6, 7, 8, 9], -testPerDigit, testPerDigit, 5),
  };
  console.log(
    `base: MLP 784-${HIDDEN.join('-')}-5 on ${data.base.count} images of digits 0-4; transfer (new head on its ${HIDDEN[0]} first-layer features) ` +
      `to digits 5-9 from ${data.few.count} images (${fewPerDigit} per digit); test on ${data.test.count} other images of 5-9; ${seeds} seed(s); tfjs ${tf.getBackend()} backend`,
  );
  const runs = [];
  for (let seed = 1; seed <= seeds; seed++) runs.push(await runSeed(seed, data));
  const mean = (pick) => runs.reduce((sum, r) => sum + pick(r), 0) / runs.length;
  console.log(`base network on held-out digits 0-4: ${percent(mean((r) => r.baseAccuracy))}`);
  const rows = [
    ['from scratch on the few images', 'scratch'],
    ['transfer, base frozen (head only)', 'frozen'],
    ['transfer, then fine-tuned (base at 0.1x)', 'tuned'],
  ].map(([approach, key]) => ({
    approach,
    'trained parameters': runs[0][key][1],
    'test accuracy on 5-9 (mean)': percent(mean((r) => r[key][0])),
    'per seed': runs.map((r) => percent(r[key][0])).join(' '),
  }));
  printTable(rows);
  Object.values(data).forEach(({ x, y }) => tf.dispose([x, y]));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
