const tf = require('@tensorflow/tfjs');
const { sgd } = require('@descent/tfjs');

// The loss ½(x² + 20y²): steep in y, shallow in x (condition number 20).
const point = tf.variable(tf.tensor1d([-4.5, 1.2]), true, 'point');
const loss = () => tf.tidy(() => point.square().mul(tf.tensor1d([0.5, 10])).sum());

const optimizer = sgd({ learningRate: 0.095 });
for (let step = 1; step <= 8; step++) {
  optimizer.minimize(loss, false, [point]);
  const [x, y] = point.dataSync();
  console.log(`step ${step}: x ${x.toFixed(3)}  y ${y.toFixed(3)}`);
}
