'use strict';
const descent = require('@descent/tfjs');
const { mnistSplit, fitRecorded, disposeSplit, mlp, evaluate, percent } = require('../data');

const FIRST = [0, 1, 2, 3, 4];
const SECOND = [5, 6, 7, 8, 9];
const SMALL_PER_DIGIT = 5;

/** Slide: transfer learning — reuse a net trained on a big dataset; with little data, train only a new last layer. */
module.exports = {
  id: 'transfer',
  title: 'Transfer learning',
  lecture: 'With a small dataset, a network trained on a related large dataset, frozen, with only a new classifier trained on top, beats training from scratch; with a bit more data, fine-tuning the whole net at a lower rate helps more.',
  units: (size) => size.epochs + 3 * 40,
  async run({ size, progress }) {
    const base = mlp([128, 64], 5, 31);
    const source = mnistSplit({ ...size, trainPerDigit: 600, digits: FIRST });
    progress.describe('transfer: base on digits 0–4');
    base.compile({ optimizer: descent.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
    await fitRecorded(base, source.train, { epochs: size.epochs, onEpoch: () => progress.advance() });
    const baseAccuracy = evaluate(base, source.test).accuracy;
    disposeSplit(source);

    const target = mnistSplit({ trainPerDigit: SMALL_PER_DIGIT, testPerDigit: size.testPerDigit, digits: SECOND, labelOffset: 5 });
    const epochs = 40;
    const fit = (model) => fitRecorded(model, target.train, { epochs, batchSize: 16, onEpoch: () => progress.advance() });

    progress.describe('transfer: from scratch on digits 5–9');
    const scratch = mlp([128, 64], 5, 37);
    scratch.compile({ optimizer: descent.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
    await fit(scratch);
    const fromScratch = evaluate(scratch, target.test).accuracy;

    progress.describe('transfer: frozen base, new head');
    // The lecture's advice for a small dataset that differs from the base's: a linear
    // classifier on features from an earlier layer (here the first hidden layer's 128).
    const transferred = descent.replaceHead(base, { classes: 5, removeLayers: 2 });
    descent.freeze(transferred, (_layer, i) => i < transferred.layers.length - 1);
    transferred.compile({ optimizer: descent.adam({ learningRate: 1e-2 }), loss: 'categoricalCrossentropy' });
    await fit(transferred);
    const frozen = evaluate(transferred, target.test).accuracy;

    progress.describe('transfer: fine-tuning everything');
    descent.unfreeze(transferred);
    transferred.compile({ optimizer: descent.adam({ learningRate: 3e-4, groups: descent.layerLearningRates(transferred, { '-1': 10 }) }), loss: 'categoricalCrossentropy' });
    await fit(transferred);
    const fineTuned = evaluate(transferred, target.test).accuracy;
    const trained = target.train.count;
    disposeSplit(target);
    [base, scratch, transferred].forEach((m) => m.optimizer.dispose());
    // The transferred model shares the base's layers up to its first hidden one.
    base.layers.slice(-2).forEach((layer) => layer.dispose());
    scratch.dispose();
    transferred.dispose();

    const best = Math.max(frozen, fineTuned);
    return {
      measurement: `${trained} digits of 5–9: from scratch ${percent(fromScratch)}, frozen base + new head ${percent(frozen)}, then fine-tuned ${percent(fineTuned)} (base: ${percent(baseAccuracy)} on digits 0–4)`,
      verdict: frozen > fromScratch ? 'confirmed' : best > fromScratch ? 'partly' : 'not confirmed',
      summary: `the transferred net is ${(100 * (best - fromScratch)).toFixed(1)} points better than training from scratch`,
      table: [
        { model: 'base on digits 0–4 (its own test set)', 'test accuracy': percent(baseAccuracy) },
        { model: `from scratch on ${trained} digits of 5–9`, 'test accuracy': percent(fromScratch) },
        { model: 'base frozen, new 5-class head on its first hidden layer', 'test accuracy': percent(frozen) },
        { model: 'then fine-tuned (head at 10× the base rate)', 'test accuracy': percent(fineTuned) },
      ],
      figures: [],
    };
  },
};
