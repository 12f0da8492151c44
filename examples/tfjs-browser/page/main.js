'use strict';
/**
 * The page: fetch the digits, choose the backend, train a seeded MLP with model.fit and a
 * descent Adam (cosine schedule), plot every step's loss and report test accuracy after
 * each epoch. What happened is also left on #status's data attributes (state, backend,
 * executedOn, steps, firstLoss, lastLoss, testAccuracy), for people and for the test.
 */
const tf = require('@tensorflow/tfjs');
const { adam } = require('@descent/tfjs');
const { chooseBackend } = require('./backend');
const { loadDigits } = require('./data');
const { lossPlot } = require('./plot');

const params = new URLSearchParams(location.search);
const number = (name, fallback) => {
  const value = Number(params.get(name) ?? fallback);
  if (!(value > 0)) throw new Error(`?${name}= must be a positive number, got ${params.get(name)}`);
  return value;
};
const status = document.getElementById('status');
const show = (id, text) => (document.getElementById(id).textContent = text);

/** A seeded MLP 784 → hidden → 10 (relu, then softmax). */
function mlp(hidden) {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [784], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** The share of test digits whose most probable class is the label (read without blocking). */
async function accuracy(model, test) {
  const predicted = tf.tidy(() => model.predict(test.x).argMax(1));
  const classes = await predicted.data();
  predicted.dispose();
  return classes.reduce((right, c, i) => right + (c === test.labels[i] ? 1 : 0), 0) / test.count;
}

async function main() {
  const epochs = number('epochs', 5);
  const batchSize = number('batchSize', 32);
  const learningRate = number('learningRate', 0.003);
  const backend = await chooseBackend(params.get('backend') ?? 'auto');
  show('backend', backend);
  const { train, test } = await loadDigits('digits.json');
  const stepsPerEpoch = Math.ceil(train.count / batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  const optimizer = adam({ learningRate, schedule: { type: 'cosine', decaySteps: totalSteps } });
  const model = mlp(64);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const plot = lossPlot(document.getElementById('plot'), totalSteps);
  Object.assign(status.dataset, { state: 'training', backend });
  let steps = 0;
  await model.fit(train.x, train.y, {
    epochs,
    batchSize,
    shuffle: true,
    callbacks: {
      onBatchEnd: (_, logs) => {
        steps++;
        plot.add(logs.loss);
        show('executed-on', optimizer.executedOn);
        show('progress', `step ${steps} of ${totalSteps}, loss ${logs.loss.toFixed(4)}, next learning rate ${optimizer.scheduledLearningRate.toExponential(2)}`);
      },
      onEpochEnd: async (epoch) => {
        const share = await accuracy(model, test);
        show('accuracy', `${(100 * share).toFixed(1)}% of ${test.count} digits after epoch ${epoch + 1} of ${epochs}`);
        status.dataset.testAccuracy = share.toFixed(4);
      },
    },
  });
  const losses = plot.losses();
  Object.assign(status.dataset, {
    state: 'done',
    executedOn: optimizer.executedOn,
    steps: String(steps),
    firstLoss: String(losses[0]),
    lastLoss: String(losses[losses.length - 1]),
  });
  tf.dispose([train.x, train.y, test.x, test.y]);
}

main().catch((error) => {
  Object.assign(status.dataset, { state: 'error', error: error.message });
  show('progress', `failed: ${error.message}`);
  document.getElementById('progress').className = 'error';
  console.error(error);
});
