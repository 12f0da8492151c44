const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');

const xor = [
  { input: [0, 0], output: [0] },
  { input: [0, 1], output: [1] },
  { input: [1, 0], output: [1] },
  { input: [1, 1], output: [0] },
];

// With dropout, errorThresh is compared with the error at inference (no units dropped).
const net = new NeuralNetwork({ hiddenLayers: [8] });
const status = train(net, xor, { dropout: 0.5, errorThresh: 0.01, seed: 2 });
console.log(`dropout 0.5: stopped on ${status.stopReason} after ${status.iterations} epochs, error ${status.error.toFixed(4)}; brain.js's test: ${net.test(xor).error.toFixed(4)}`);

// A tampered JSON net is refused before any weight changes, by layer, node and index.
const json = net.toJSON();
json.layers[1].weights[2][0] = 'x';
const loaded = new NeuralNetwork().fromJSON(json);
try {
  train(loaded, xor, { transforms: [{ type: 'skipNonFinite' }] });
} catch (error) {
  console.log(error.message);
}
json.layers[1].weights[2][0] = 0.1;
json.layers[2].weights[0].pop();
try {
  train(new NeuralNetwork().fromJSON(json), xor);
} catch (error) {
  console.log(error.message);
}
