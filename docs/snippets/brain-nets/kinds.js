const brain = require('brain.js');
const { train } = require('@descent/brain');

const xor = [
  { input: [0, 0], output: [0] },
  { input: [0, 1], output: [1] },
  { input: [1, 0], output: [1] },
  { input: [1, 1], output: [0] },
];
const adam = { optimizer: { type: 'adam', learningRate: 0.05 }, seed: 1 };

// NeuralNetworkGPU: trained on its CPU arrays; its own run (gpu.js) works after.
const gpu = new brain.NeuralNetworkGPU({ hiddenLayers: [4] });
const status = train(gpu, xor, adam);
console.log(`NeuralNetworkGPU: ${status.iterations} epochs, stopped on ${status.stopReason}; run([1, 0]) = ${gpu.run([1, 0])[0].toFixed(3)}`);

// AE: each input its own target; encode, decode and denoise work after.
const ae = new brain.AE({ hiddenLayers: [3] });
const patterns = [[0, 0, 1, 1, 0, 0], [1, 1, 0, 0, 1, 1], [0, 1, 0, 1, 0, 1], [1, 0, 1, 0, 1, 0]];
train(ae, patterns, { optimizer: { type: 'adam', learningRate: 0.02 }, seed: 1 });
const code = ae.encode(patterns[1]);
console.log(`AE: encode → [${Array.from(code, (v) => v.toFixed(2))}], decode → [${Array.from(ae.decode(code), (v) => v.toFixed(1))}]`);

// CrossValidate: brain.js's folds and statistics, every fold trained by descent.
const cv = new brain.CrossValidate(() => new brain.NeuralNetwork({ hiddenLayers: [4] }));
const stats = train(cv, Array.from({ length: 16 }, (_, i) => xor[i % 4]), { ...adam, iterations: 1000 }, 4);
console.log(`CrossValidate: ${stats.sets.length} folds, mean epochs ${stats.avgs.iterations}, accuracy ${stats.stats.accuracy}`);

// Kinds descent does not train are refused by name, before anything changes.
try {
  train(new brain.recurrent.LSTM(), ['hello world']);
} catch (error) {
  console.log(error.message);
}
