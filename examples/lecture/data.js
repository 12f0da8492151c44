'use strict';
/**
 * What the lecture's claims share: MNIST tensors (from examples/tfjs-shared), seeded
 * MLPs, training with per-batch loss recording and progress, and evaluation.
 */
const tf = require('@tensorflow/tfjs');
const { Random } = require('@descent/core');
const { digitTensors, accuracy, mlp, useBackend } = require('../tfjs-shared/mnist-tf');

const ALL_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** Test images start here for every digit (digit 5 has 863 images; 700 + 150 fit). */
const TEST_FROM = 700;

/** The sizes of the default and the --full run. */
function sizes(full) {
  return full
    ? { trainPerDigit: 600, testPerDigit: 150, epochs: 8, members: 8, dropoutEpochs: 30, dropoutSeeds: 3, zoo: { sizes: [10, 100, 700], seeds: [1, 2, 3], imagesSeen: 4000 } }
    : { trainPerDigit: 300, testPerDigit: 150, epochs: 5, members: 5, dropoutEpochs: 30, dropoutSeeds: 2, zoo: { sizes: [10, 100], seeds: [1], imagesSeen: 1000 } };
}

/** Training and test tensors for the given digits (labels offset so they start at 0). */
function mnistSplit({ trainPerDigit, testPerDigit, digits = ALL_DIGITS, labelOffset = 0 }) {
  return {
    train: digitTensors(digits, 0, trainPerDigit, labelOffset),
    test: digitTensors(digits, TEST_FROM, testPerDigit, labelOffset),
  };
}

/**
 * Trains a compiled model, recording the loss of every batch; `onEpoch` is called after
 * each epoch. Batches come in the data's (interleaved, fixed) order: tfjs's own shuffle
 * draws from Math.random and would make runs differ.
 */
async function fitRecorded(model, data, { epochs, batchSize = 32, onEpoch = () => undefined }) {
  const losses = [];
  await model.fit(data.x, data.y, {
    epochs,
    batchSize,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onBatchEnd: async (_batch, logs) => {
        losses.push(logs.loss);
      },
      onEpochEnd: async (epoch) => onEpoch(epoch),
    },
  });
  return losses;
}

/**
 * Trains with a fresh seeded shuffle of the samples every epoch (tfjs's own shuffle draws
 * from Math.random); `onEpoch` is called after each epoch.
 */
async function fitShuffled(model, data, { epochs, seed, batchSize = 32, onEpoch = () => undefined }) {
  const random = new Random(seed);
  const order = Array.from({ length: data.labels.length }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const indices = tf.tensor1d(random.shuffle(order), 'int32');
    const x = tf.gather(data.x, indices);
    const y = tf.gather(data.y, indices);
    await model.fit(x, y, { epochs: 1, batchSize, shuffle: false, verbose: 0 });
    tf.dispose([indices, x, y]);
    onEpoch(epoch);
  }
}

/** Mean cross-entropy and accuracy of a model on a split. */
function evaluate(model, data) {
  const probabilities = model.predict(data.x);
  const result = {
    loss: tf.tidy(() => tf.metrics.categoricalCrossentropy(data.y, probabilities).mean().dataSync()[0]),
    accuracy: accuracy(probabilities, data.labels),
  };
  probabilities.dispose();
  return result;
}

/** A moving average of a loss curve (window w), as [step, value] points every `every` steps. */
function smooth(values, window = 20, every = 5) {
  const points = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    if (i % every === every - 1 || i === values.length - 1) points.push([i + 1, sum / Math.min(window, i + 1)]);
  }
  return points;
}

/** Disposes every tensor of a split. */
function disposeSplit(split) {
  tf.dispose([split.train.x, split.train.y, split.test.x, split.test.y]);
}

const percent = (share) => `${(100 * share).toFixed(1)}%`;

module.exports = { ALL_DIGITS, TEST_FROM, sizes, mnistSplit, fitRecorded, fitShuffled, evaluate, smooth, disposeSplit, mlp, accuracy, useBackend, percent };
