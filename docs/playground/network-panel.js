'use strict';
const { NeuralNetwork } = require('brain.js');
const { DescentTrainer } = require('@descent/brain');
const { randomCrop, randomErasing, compose, augmentFlat } = require('@descent/augment');
const { Random } = require('@descent/core');
const { lineChart } = require('../lib/plot/line-chart');
const { slider, checkbox, select } = require('./controls');
const { loadDigits, drawDigit } = require('./digits');

/** The fraction of digits whose largest output is at their label. */
function accuracy(net, digits) {
  let right = 0;
  for (const { input, label } of digits) {
    const out = net.run(input);
    let best = 0;
    for (let k = 1; k < 10; k++) if (out[k] > out[best]) best = k;
    if (best === label) right++;
  }
  return right / digits.length;
}

/** A digit as a brain.js training sample: the pixels in, the one-hot label out. */
function sample(input, label) {
  const output = new Float32Array(10);
  output[label] = 1;
  return { input, output };
}

/**
 * The tiny network panel: a brain.js net (784–64–10) trained live on a few real MNIST
 * digits by the @descent/brain trainer, with dropout, L2 and @descent/augment's random
 * shifts and erasing (the trainer's `augment` option) as toggles; training and validation
 * accuracy plotted per epoch, and the first digit of each class as augmented. Any change
 * of the controls restarts training from the same seed.
 * @param {HTMLElement} root the panel's element (holds .settings, .plot, .samples, .status)
 */
function networkPanel(root) {
  const status = root.querySelector('.status');
  const plot = root.querySelector('.plot');
  const samples = root.querySelector('.samples');
  const data = loadDigits();
  const restart = () => start();
  const perClass = slider({ name: 'train-per-class', label: 'training digits per class', min: 5, max: data.train.length / 10, value: 20, integer: true }, restart);
  const epochs = slider({ name: 'epochs', label: 'epochs', min: 5, max: 200, value: 60, integer: true }, restart);
  const rule = select({ name: 'network-rule', label: 'optimizer', value: 'adam', options: ['adam', 'sgd', 'rmsprop', 'adagrad'].map((r) => ({ value: r, label: r })) }, restart);
  const learningRate = slider({ name: 'network-lr', label: 'learning rate', min: 1e-4, max: 0.3, value: 0.003, log: true }, restart);
  const dropout = checkbox({ name: 'dropout', label: 'dropout', checked: false }, restart);
  const dropoutRate = slider({ name: 'dropout-rate', label: 'dropout rate', min: 0.05, max: 0.8, step: 0.05, value: 0.5 }, restart);
  const l2 = checkbox({ name: 'l2', label: 'L2 regularization', checked: false }, restart);
  const l2Strength = slider({ name: 'l2-strength', label: 'L2 strength', min: 1e-5, max: 0.1, value: 1e-3, log: true }, restart);
  const augment = checkbox({ name: 'augment', label: 'augmentation (random shifts ±3 px, erasing)', checked: false }, restart);
  const group = (...controls) => {
    const box = document.createElement('div');
    box.className = 'group';
    box.append(...controls.map((c) => c.element));
    return box;
  };
  root.querySelector('.settings').append(group(perClass, epochs), group(rule, learningRate), group(dropout, dropoutRate), group(l2, l2Strength), group(augment));
  const canvases = Array.from({ length: 10 }, () => samples.appendChild(document.createElement('canvas')));
  const pipeline = augmentFlat(compose([randomCrop({ size: 28, padding: 3 }), randomErasing({ p: 0.5, scale: [0.02, 0.12] })]), 28, 28);

  let run = 0;
  async function start() {
    const id = ++run;
    const train = data.train.filter((_, i) => i % (data.train.length / 10) < perClass.value());
    const trainingData = train.map((d) => sample(d.input, d.label));
    const net = new NeuralNetwork({ inputSize: 784, hiddenLayers: [64], outputSize: 10 });
    const trainer = new DescentTrainer(net, {
      optimizer: { type: rule.value(), learningRate: learningRate.value() },
      transforms: l2.value() ? [{ type: 'l2', strength: l2Strength.value() }] : [],
      dropout: dropout.value() ? dropoutRate.value() : 0,
      // The trainer augments every training digit anew each epoch (validation sees them as they are).
      augment: augment.value() ? pipeline : undefined,
      batchSize: 10,
      iterations: 1,
      seed: 7,
    });
    // The shown digits go through the same pipeline, from their own generator seeded like the trainer.
    const shown = new Random(7);
    const history = { train: [], validation: [] };
    for (let epoch = 1; epoch <= epochs.value(); epoch++) {
      trainer.train(trainingData);
      if (epoch === 1 || epoch % 5 === 0) {
        canvases.forEach((canvas, i) => {
          const input = train[i * (train.length / 10)].input;
          drawDigit(canvas, augment.value() ? pipeline(input, shown) : input, 28, 28);
        });
      }
      history.train.push([epoch, accuracy(net, train)]);
      history.validation.push([epoch, accuracy(net, data.validation)]);
      show(history, epoch);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (id !== run) return;
    }
    status.dataset.done = 'true';
  }

  function show(history, epoch) {
    const trainAccuracy = history.train.at(-1)[1];
    const validationAccuracy = history.validation.at(-1)[1];
    plot.innerHTML = lineChart({
      title: 'accuracy per epoch',
      series: [{ label: 'training digits', points: history.train }, { label: `validation (${data.validation.length} digits)`, points: history.validation }],
      xLabel: 'epoch',
      yDomain: [0, 1],
      width: 560,
      height: 300,
    });
    Object.assign(status.dataset, { epoch: String(epoch), trainAccuracy: trainAccuracy.toFixed(4), validationAccuracy: validationAccuracy.toFixed(4), done: 'false' });
    status.textContent = `epoch ${epoch}: training accuracy ${(100 * trainAccuracy).toFixed(1)}%, validation ${(100 * validationAccuracy).toFixed(1)}%, gap ${(100 * (trainAccuracy - validationAccuracy)).toFixed(1)} points`;
  }

  root.querySelector('button.train').addEventListener('click', restart);
  start();
}

module.exports = { networkPanel };
