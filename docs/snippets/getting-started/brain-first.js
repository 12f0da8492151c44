const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');

// The same XOR with brain.js: descent's trainer in place of net.train, Adam and mini-batches of 2.
const net = new NeuralNetwork({ hiddenLayers: [8] });
const xor = [
  { input: [0, 0], output: [0] }, { input: [0, 1], output: [1] },
  { input: [1, 0], output: [1] }, { input: [1, 1], output: [0] },
];
const status = train(net, xor, { optimizer: { type: 'adam', learningRate: 0.05 }, batchSize: 2, iterations: 2000, seed: 1 });
console.log(`${status.iterations} epochs, error ${status.error.toFixed(4)}`);
// The result is an ordinary brain.js net: run, toJSON and toFunction work as before.
console.log('predictions', xor.map(({ input }) => net.run(input)[0].toFixed(2)).join(' '));
