'use strict';
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { mnistSplit, fitRecorded, disposeSplit, mlp } = require('../data');

const LEARNING_RATE = 1e-3;

/** The mean absolute change of every weight made by one optimizer step on one batch. */
async function firstStep(biasCorrection, split) {
  const model = mlp([64], 10, 3);
  model.compile({ optimizer: descent.adam({ learningRate: LEARNING_RATE, biasCorrection }), loss: 'categoricalCrossentropy' });
  const before = model.getWeights().map((w) => w.dataSync().slice());
  const batch = { x: split.train.x.slice(0, 32), y: split.train.y.slice(0, 32) };
  await fitRecorded(model, batch, { epochs: 1 });
  let sum = 0;
  let count = 0;
  model.getWeights().forEach((w, i) => {
    const after = w.dataSync();
    for (let j = 0; j < after.length; j++) {
      if (after[j] !== before[i][j]) {
        sum += Math.abs(after[j] - before[i][j]);
        count++;
      }
    }
  });
  tf.dispose([batch.x, batch.y]);
  model.optimizer.dispose();
  model.dispose();
  return sum / count;
}

/** Slide: Adam's moments start at zero, so without bias correction the first steps are very large. */
module.exports = {
  id: 'bias-correction',
  title: 'Adam with and without bias correction',
  lecture: 'Adam\'s moment estimates start at zero; without bias correction the second moment is tiny at first, so the first steps are very large (with β1 0.9, β2 0.999: about √(1 − β2)⁻¹·(1 − β1) ≈ 3.2 × the learning rate instead of about 1 ×).',
  units: () => 2,
  async run({ size, progress }) {
    const split = mnistSplit({ ...size, trainPerDigit: 4, testPerDigit: 1 });
    progress.describe('bias correction: first Adam step');
    const corrected = await firstStep(true, split);
    progress.advance();
    const vanilla = await firstStep(false, split);
    progress.advance();
    disposeSplit(split);
    const ratio = vanilla / corrected;
    return {
      measurement: `mean |Δw| of the first step: ${(corrected / LEARNING_RATE).toFixed(2)} × lr with bias correction, ${(vanilla / LEARNING_RATE).toFixed(2)} × lr without (ratio ${ratio.toFixed(2)})`,
      verdict: ratio > 2 ? 'confirmed' : 'not confirmed',
      summary: `the uncorrected first step is ${ratio.toFixed(1)}× larger (theory: 0.1/√0.001 ≈ 3.16)`,
      table: [
        { adam: 'bias correction (torch default)', 'mean |Δw| / lr': (corrected / LEARNING_RATE).toFixed(3) },
        { adam: 'no bias correction (the lecture\'s first Adam)', 'mean |Δw| / lr': (vanilla / LEARNING_RATE).toFixed(3) },
      ],
      figures: [],
    };
  },
};
