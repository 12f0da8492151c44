const tf = require('@tensorflow/tfjs');
const { train, rmsprop } = require('@descent/tfjs');

// The same least-squares problem, 20 steps of each optimizer from the same start.
const xs = tf.tensor2d([[1, 2], [2, 1], [3, -1], [-1, 3]]);
const ys = tf.tensor2d([[1], [0], [2], [-1]]);
function run(optimizer) {
  const w = tf.variable(tf.tensor2d([[0.5], [-0.5]]));
  for (let i = 0; i < 20; i++) optimizer.minimize(() => tf.losses.meanSquaredError(ys, xs.matMul(w)), false, [w]);
  return w.dataSync();
}
const gap = (a, b) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

const theirs = run(tf.train.rmsprop(0.01));
console.log(`train.rmsprop(0.01) vs tf.train.rmsprop(0.01):  ${gap(run(train.rmsprop(0.01)), theirs)}`);
console.log(`rmsprop({ learningRate: 0.01 }) vs tf.train:    ${gap(run(rmsprop({ learningRate: 0.01 })), theirs).toExponential(2)}`);

// Descent's options come on top, in a last argument.
const warm = train.rmsprop(0.01, 0.9, 0, null, false, { schedule: { type: 'cosine', decaySteps: 20 }, transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }] });
console.log(`with a cosine schedule and clipping: ${Array.from(run(warm), (v) => v.toFixed(4)).join(', ')}`);
