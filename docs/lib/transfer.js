'use strict';

/** The hidden layers of the guide's network: 784–128–64, ReLU. */
const HIDDEN = [128, 64];

/** The classes the base network learns, and the new classes it is transferred to. */
const SOURCE = [0, 1, 2, 3, 4];
const TARGET = [5, 6, 7, 8, 9];

/**
 * Digits as tensors for a classifier of `classes`: images, and one-hot labels counted from
 * the first class.
 * @param {typeof import('@tensorflow/tfjs')} tf
 * @param {{ input: ArrayLike<number>, label: number }[]} digits
 * @param {number[]} classes consecutive labels
 */
function digitTensors(tf, digits, classes) {
  const labels = digits.map((d) => d.label - classes[0]);
  const pixels = new Float32Array(digits.length * 784);
  digits.forEach((d, i) => pixels.set(d.input, i * 784));
  return {
    x: tf.tensor2d(pixels, [digits.length, 784]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes.length).toFloat()),
    labels,
  };
}

/** A 784–128–64–5 ReLU MLP with a softmax output (one unit per class of SOURCE or TARGET), its kernels drawn from `seed`. */
function mlp(tf, seed) {
  const layers = HIDDEN.map((units, i) => tf.layers.dense({ units, activation: 'relu', inputShape: i === 0 ? [784] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }) }));
  layers.push(tf.layers.dense({ units: SOURCE.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + HIDDEN.length }) }));
  return tf.sequential({ layers });
}

/**
 * Compiles with descent's Adam and trains in the data's fixed order; `onEpoch(epoch)` runs
 * after each epoch, and training stops when it returns false.
 */
async function fit(tf, descent, model, data, { learningRate, groups, epochs, batchSize = 16, onEpoch }) {
  model.compile({ optimizer: descent.adam({ learningRate, groups }), loss: 'categoricalCrossentropy' });
  const callbacks = onEpoch && { onEpochEnd: async (epoch) => {
    if ((await onEpoch(epoch + 1)) === false) model.stopTraining = true;
  } };
  await model.fit(data.x, data.y, { epochs, batchSize, shuffle: false, verbose: 0, callbacks });
  model.optimizer.dispose();
}

/** The share of a split the model classifies right. */
function accuracy(tf, model, data) {
  const predicted = tf.tidy(() => model.predict(data.x).argMax(1).dataSync());
  return data.labels.filter((label, i) => predicted[i] === label).length / data.labels.length;
}

/**
 * A frozen copy of the base with a new linear (softmax) head on one of its hidden layers:
 * `removeLayers` 1 keeps both hidden layers (head on the last, 64 units), 2 keeps the
 * first (head on its 128 units). The copy keeps the base itself as trained.
 */
function headOn(tf, descent, base, removeLayers, seed) {
  const copy = mlp(tf, 0);
  copy.setWeights(base.getWeights());
  const model = descent.replaceHead(copy, { classes: 5, removeLayers, kernelInitializer: tf.initializers.glorotUniform({ seed }) });
  descent.freeze(model, (_layer, i) => i < model.layers.length - 1);
  return model;
}

/**
 * The guide's comparison on new classes, for one seed: a net from scratch (lr 0.001),
 * linear heads on the base's frozen last and first hidden layers (lr 0.01), then the
 * first-layer model fine-tuned whole (lr 0.0003, the head at 10×), each for `epochs`
 * epochs on `train`. Final test accuracies; with `onEpoch(method, epoch, accuracy)` also
 * the test accuracy after every epoch (training stops when it returns false).
 * @returns {Promise<{ scratch: number, last: number, first: number, fineTuned: number }>}
 */
async function compareOnNewClasses(tf, descent, base, train, test, { seed, epochs, onEpoch }) {
  const watch = (method, model) => onEpoch && ((epoch) => onEpoch(method, epoch, accuracy(tf, model, test)));
  const scratch = mlp(tf, 1000 * seed);
  const last = headOn(tf, descent, base, 1, 1000 * seed + 1);
  const first = headOn(tf, descent, base, 2, 1000 * seed + 1);
  try {
    await fit(tf, descent, scratch, train, { learningRate: 1e-3, epochs, onEpoch: watch('scratch', scratch) });
    await fit(tf, descent, last, train, { learningRate: 1e-2, epochs, onEpoch: watch('last', last) });
    await fit(tf, descent, first, train, { learningRate: 1e-2, epochs, onEpoch: watch('first', first) });
    const result = { scratch: accuracy(tf, scratch, test), last: accuracy(tf, last, test), first: accuracy(tf, first, test) };
    descent.unfreeze(first);
    await fit(tf, descent, first, train, { learningRate: 3e-4, epochs, groups: descent.layerLearningRates(first, { '-1': 10 }), onEpoch: watch('fineTuned', first) });
    result.fineTuned = accuracy(tf, first, test);
    return result;
  } finally {
    [scratch, last, first].forEach((model) => model.dispose());
  }
}

/** The methods compared, in the order of the guide's table and figure. */
const METHODS = [
  { key: 'scratch', label: 'from scratch (784–128–64–5)' },
  { key: 'last', label: 'frozen base, linear head on the last hidden layer (64)', short: 'the head on the last hidden layer' },
  { key: 'first', label: 'frozen base, linear head on the first hidden layer (128)', short: 'the head on the first hidden layer' },
  { key: 'fineTuned', label: 'first-layer head, then all fine-tuned (head at 10×)', short: 'the fine-tuned net' },
];

module.exports = { digitTensors, mlp, fit, accuracy, compareOnNewClasses, METHODS, SOURCE, TARGET };
