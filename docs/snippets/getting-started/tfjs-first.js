const tf = require('@tensorflow/tfjs');
const { adam } = require('@descent/tfjs');

// A two-layer net learns XOR; the only change from plain tfjs is the optimizer line.
const model = tf.sequential({ layers: [
  tf.layers.dense({ units: 8, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
  tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
] });
model.compile({
  loss: 'binaryCrossentropy',
  optimizer: adam({ learningRate: 0.05, schedule: { type: 'cosine', decaySteps: 200 } }), // was: tf.train.adam(0.05)
});
const xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
const ys = tf.tensor2d([[0], [1], [1], [0]]);
model.fit(xs, ys, { epochs: 200, verbose: 0 }).then((history) => {
  const losses = history.history.loss;
  console.log(`loss after 1 epoch ${Number(losses[0]).toFixed(3)}, after 200 ${Number(losses[losses.length - 1]).toFixed(4)}`);
  console.log('predictions', Array.from(model.predict(xs).dataSync(), (p) => p.toFixed(2)).join(' '));
});
