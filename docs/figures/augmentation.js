'use strict';
/** Figures of the guide "Data augmentation": augmented MNIST digits, test-time views, and what augmentation buys on few digits. */
const { NeuralNetwork } = require('brain.js');
const { train, DescentTrainer } = require('@descent/brain');
const { Random } = require('@descent/core');
const {
  randomCrop, randomResizedCrop, randomErasing, colorJitter, randomHorizontalFlip, compose, centerCrop, fiveCrop, averageOverViews, augmentFlat,
} = require('@descent/augment');
const { imageGrid } = require('./lib/image-grid');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');
const { digits, accuracy, percent } = require('./lib/digits');

const out = outputDir();
const image = (pixels, size = 28) => ({ data: Float32Array.from(pixels), height: size, width: size, channels: 1 });
const samples = digits(0, 1).map((d) => image(d.input));

const shifts = randomCrop({ size: 28, padding: 3 });
const rows = [
  ['original', null],
  ['random shifts (crop, padding 3)', shifts],
  ['random resized crop (scale 0.6–1)', randomResizedCrop({ size: 28, scale: [0.6, 1], ratio: [0.8, 1.25] })],
  ['random erasing', randomErasing({ p: 1, scale: [0.04, 0.15] })],
  ['colour jitter (brightness, contrast)', colorJitter({ brightness: 0.6, contrast: 0.6 })],
  ['shifts, then erasing (p 0.5)', compose([shifts, randomErasing({ p: 0.5, scale: [0.04, 0.15] })])],
  ['horizontal flip (wrong for digits)', randomHorizontalFlip({ p: 1 })],
];
const random = new Random(2024);
writeOutput(out, 'augment-samples.svg', imageGrid({
  title: 'Real MNIST digits through @descent/augment (seeded, every draw recorded)',
  rows: rows.map(([label, augmentation]) => ({ label, images: samples.map((s) => (augmentation ? augmentation.apply(s, random) : s)) })),
  labelWidth: 250,
}));

const views = fiveCrop(24);
writeOutput(out, 'augment-five-crop.svg', imageGrid({
  title: 'fiveCrop(24): a 28×28 digit, then its four corner crops and centre crop',
  rows: samples.slice(0, 3).map((s, i) => ({ label: `digit ${i}`, images: [s, ...splitBatch(views.apply(s))] })),
  pixel: 2,
  labelWidth: 80,
}));

/** The images of a batch as separate images. */
function splitBatch(batch) {
  const size = batch.height * batch.width * batch.channels;
  return Array.from({ length: batch.count }, (_, i) => ({ ...batch, data: batch.data.subarray(i * size, (i + 1) * size) }));
}

// brain.js on 20 digits per class: plain, with random shifts, with shifts and erasing; and test-time crops.
const trainSet = digits(0, 20);
const testSet = digits(500, 100);
const epochs = 60;
const options = { optimizer: { type: 'adam', learningRate: 0.003 }, activation: 'leaky-relu', batchSize: 10, errorThresh: 0, seed: 1 };
/** Trains a 784–128–10 net for `epochs`; the trainer's `augment` option augments every input afresh each epoch. */
function trainWith(augment) {
  const net = new NeuralNetwork({ inputSize: 784, hiddenLayers: [128], outputSize: 10 });
  train(net, trainSet, { ...options, iterations: epochs, augment });
  return net;
}
/**
 * Trains a 576–128–10 net on random 24×24 crops, new ones every epoch. A crop changes the
 * input size, which the `augment` option cannot (it must give the net's input count of the
 * stored data), so each epoch is one trainer call on freshly cropped data.
 */
function trainOnCrops() {
  const net = new NeuralNetwork({ inputSize: 24 * 24, hiddenLayers: [128], outputSize: 10 });
  const trainer = new DescentTrainer(net, { ...options, iterations: 1 });
  const crop = augmentFlat(randomCrop({ size: 24 }), 28, 28);
  const draws = new Random(7);
  for (let epoch = 0; epoch < epochs; epoch++) trainer.train(trainSet.map((d) => ({ input: crop(d.input, draws), output: d.output })));
  return net;
}
const none = trainWith(undefined);
const shifted = trainWith(augmentFlat(shifts, 28, 28));
const shiftedErased = trainWith(augmentFlat(compose([shifts, randomErasing({ p: 0.5, scale: [0.04, 0.15] })]), 28, 28));
// Crops: train on random 24×24 crops, test on the centre crop or the mean over five crops.
const crops = trainOnCrops();
const centre = augmentFlat(centerCrop({ size: 24 }), 28, 28);
const scratch = new Random(0);
const cropPredict = (view) => crops.run(view.data);
writeOutput(out, 'augmentation-mnist.html', htmlTable({
  caption: `Measured with @descent/brain and @descent/augment: a 784–128–10 leaky-ReLU net (576–128–10 on crops), Adam (lr 0.003), ${epochs} epochs on ${trainSet.length} MNIST digits, each epoch seeing freshly augmented copies (through the trainer's augment option; the crops, which change the input size, through one trainer call per epoch); test accuracy on ${testSet.length} other digits.`,
  columns: ['training data', 'test accuracy'],
  rows: [
    ['as is', percent(accuracy((x) => none.run(x), testSet))],
    ['random shifts of up to 3 pixels', percent(accuracy((x) => shifted.run(x), testSet))],
    ['random shifts, then random erasing (p 0.5)', percent(accuracy((x) => shiftedErased.run(x), testSet))],
    ['random 24×24 crops; tested on the centre crop', percent(accuracy((x) => crops.run(centre(x, scratch)), testSet))],
    ['random 24×24 crops; tested on the mean of five crops', percent(accuracy((x) => averageOverViews(cropPredict, image(x), views), testSet))],
  ],
}));
