'use strict';
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { mnistSplit, fitRecorded, disposeSplit, mlp, evaluate, percent } = require('../data');

const FIRST = [0, 1, 2, 3, 4];
const SECOND = [5, 6, 7, 8, 9];
const SMALL_PER_DIGIT = 5;
const EPOCHS = 40;
const SEEDS = [1, 2, 3];

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/** From scratch, the frozen base with a new head, then fine-tuned: test accuracies on 5–9 for one seed. */
async function compare(base, target, seed, progress) {
  const fit = (model) => fitRecorded(model, target.train, { epochs: EPOCHS, batchSize: 16, onEpoch: () => progress.advance() });
  progress.describe(`transfer: seed ${seed}, from scratch on digits 5–9`);
  const scratch = mlp([128, 64], 5, 1000 * seed);
  scratch.compile({ optimizer: descent.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
  await fit(scratch);
  const fromScratch = evaluate(scratch, target.test).accuracy;

  progress.describe(`transfer: seed ${seed}, frozen base and a new head`);
  // A copy of the base for this seed: replaceHead shares layers, and fine-tuning changes them.
  const copy = mlp([128, 64], 5, 31);
  copy.setWeights(base.getWeights());
  // The lecture's advice for little data of a dataset unlike the base's: a linear
  // classifier on features from an earlier layer (here the first hidden layer's 128).
  const transferred = descent.replaceHead(copy, { classes: 5, removeLayers: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 1000 * seed + 1 }) });
  descent.freeze(transferred, (_layer, i) => i < transferred.layers.length - 1);
  transferred.compile({ optimizer: descent.adam({ learningRate: 1e-2 }), loss: 'categoricalCrossentropy' });
  await fit(transferred);
  const frozen = evaluate(transferred, target.test).accuracy;

  progress.describe(`transfer: seed ${seed}, fine-tuning everything`);
  descent.unfreeze(transferred);
  transferred.compile({ optimizer: descent.adam({ learningRate: 3e-4, groups: descent.layerLearningRates(transferred, { '-1': 10 }) }), loss: 'categoricalCrossentropy' });
  await fit(transferred);
  const fineTuned = evaluate(transferred, target.test).accuracy;

  [scratch, transferred].forEach((m) => m.optimizer.dispose());
  scratch.dispose();
  transferred.dispose();
  copy.layers.slice(-2).forEach((layer) => layer.dispose());
  return { fromScratch, frozen, fineTuned };
}

/** Slide: transfer learning — reuse a net trained on a big dataset; with little data, train only a new last layer. */
module.exports = {
  id: 'transfer',
  title: 'Transfer learning',
  lecture: 'With a small dataset, a network trained on a related large dataset, frozen, with only a new classifier trained on top, beats training from scratch; with a bit more data, fine-tuning the whole net at a lower rate helps more.',
  units: (size) => size.epochs + SEEDS.length * 3 * EPOCHS,
  async run({ size, progress }) {
    const base = mlp([128, 64], 5, 31);
    const source = mnistSplit({ ...size, trainPerDigit: 600, digits: FIRST });
    progress.describe('transfer: base on digits 0–4');
    base.compile({ optimizer: descent.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
    await fitRecorded(base, source.train, { epochs: size.epochs, onEpoch: () => progress.advance() });
    const baseAccuracy = evaluate(base, source.test).accuracy;
    disposeSplit(source);

    const target = mnistSplit({ trainPerDigit: SMALL_PER_DIGIT, testPerDigit: size.testPerDigit, digits: SECOND, labelOffset: 5 });
    const runs = [];
    for (const seed of SEEDS) runs.push(await compare(base, target, seed, progress));
    const trained = target.train.count;
    disposeSplit(target);
    base.optimizer.dispose();
    base.dispose();

    const scratch = mean(runs.map((r) => r.fromScratch));
    const frozen = mean(runs.map((r) => r.frozen));
    const fineTuned = mean(runs.map((r) => r.fineTuned));
    const perSeed = (key) => runs.map((r) => percent(r[key])).join(' ');
    return {
      measurement: `${trained} digits of 5–9 (${SMALL_PER_DIGIT} per class), mean of ${SEEDS.length} seeds: from scratch ${percent(scratch)}, frozen base + new head ${percent(frozen)}, then fine-tuned ${percent(fineTuned)} (base: ${percent(baseAccuracy)} on digits 0–4)`,
      verdict: frozen > scratch && fineTuned > scratch ? 'confirmed' : Math.max(frozen, fineTuned) > scratch ? 'partly' : 'not confirmed',
      summary: `the transferred net is ${(100 * (Math.max(frozen, fineTuned) - scratch)).toFixed(1)} points better than training from scratch`,
      table: [
        { model: 'base on digits 0–4 (its own test set)', 'test accuracy': percent(baseAccuracy), 'per seed': '' },
        { model: `from scratch on ${trained} digits of 5–9`, 'test accuracy': percent(scratch), 'per seed': perSeed('fromScratch') },
        { model: 'base frozen, new 5-class head on its first hidden layer', 'test accuracy': percent(frozen), 'per seed': perSeed('frozen') },
        { model: 'then fine-tuned (head at 10× the base rate)', 'test accuracy': percent(fineTuned), 'per seed': perSeed('fineTuned') },
      ],
      figures: [],
    };
  },
};
