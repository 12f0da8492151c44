const tf = require('@tensorflow/tfjs');
const { NeuralNetwork } = require('brain.js');
const { createOptimizer } = require('@descent/core');
const { sgd } = require('@descent/tfjs');
const { train } = require('@descent/brain');

const rule = { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true };
const schedule = { type: 'cosine', decaySteps: 20 };

// @descent/core: the optimizer over Float32Arrays.
const core = createOptimizer({ rule, schedule });
const w = new Float32Array([1, -2]);
for (let i = 0; i < 10; i++) core.step([{ name: 'w', values: w }], [w.map((v) => 2 * v)]);

// @descent/tfjs: a tf.Optimizer, for minimize or model.compile.
const optimizer = sgd({ ...rule, schedule });
const v = tf.variable(tf.tensor1d([1, -2]));
for (let i = 0; i < 10; i++) optimizer.minimize(() => v.square().sum(), false, [v]);

// @descent/brain: the trainer of a brain.js net, one step per epoch here (batch of 4).
const net = new NeuralNetwork({ hiddenLayers: [3] });
const xor = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]].map(([a, b, c]) => ({ input: [a, b], output: [c] }));
let brainRate;
const status = train(net, xor, { optimizer: rule, schedule, batchSize: 4, iterations: 10, errorThresh: 0, progress: (p) => { brainRate = p.learningRate; } });

console.log('core  w after 10 steps:', Array.from(w, (x) => x.toFixed(5)).join(', '), ' next lr', core.learningRate.toFixed(5));
console.log('tfjs  w after 10 steps:', Array.from(v.dataSync(), (x) => x.toFixed(5)).join(', '), ' next lr', optimizer.scheduledLearningRate.toFixed(5));
console.log('brain steps taken:', status.steps, '                        next lr', brainRate.toFixed(5));
