'use strict';
const { randomCrop, randomErasing, compose, augmentFlat } = require('@descent/augment');
const { Random, DescentError } = require('@descent/core');
const { lineChart } = require('../lib/plot/line-chart');
const { slider, checkbox, select } = require('./controls');
const { decodeDigits, drawDigit } = require('./digits');
const { brainNetwork } = require('./brain-network');
const { hasWebgl2, useWebgl, tfjsNetwork } = require('./tfjs-network');

/**
 * A network the panel trains: one epoch at a time, then its accuracy on some digits.
 * @typedef {object} TinyNetwork
 * @property {string} engine what it runs on, for people
 * @property {string} [executedOn] where the descent optimizer's step ran (tfjs: "gpu" on webgl)
 * @property {() => Promise<void>} trainEpoch
 * @property {(digits: import('./digits').Digit[]) => Promise<number>} accuracy
 * @property {() => void} dispose
 */

const ENGINES = {
  'tfjs-webgl': { label: 'tfjs on the GPU (WebGL)', make: tfjsNetwork },
  brain: { label: 'brain.js on the CPU', make: brainNetwork },
};

/**
 * The tiny network panel: a 784–64–10 network trained live on a few real MNIST digits by a
 * descent optimizer — with tfjs on the GPU (the webgl backend) when the browser has WebGL2,
 * else (or when chosen) as a brain.js net by the @descent/brain trainer on the CPU — with
 * dropout, L2 and @descent/augment's random shifts and erasing as toggles; training and
 * validation accuracy plotted per epoch, and the first digit of each class as augmented.
 * Any change of the controls restarts training from the same seed; "Pause" holds it between
 * epochs (a restart while paused waits at epoch 0) and "One epoch" then trains one more.
 * @param {HTMLElement} root the panel's element (holds .settings, .plot, .samples, .status and the .train, .pause and .step buttons)
 */
function networkPanel(root) {
  const status = root.querySelector('.status');
  const plot = root.querySelector('.plot');
  const samples = root.querySelector('.samples');
  const data = decodeDigits(require('descent:mnist-sample'));
  /** Restarts training; settings the packages refuse show their DescentError in the status line instead of a curve. */
  const restart = () => start().catch((error) => {
    if (!(error instanceof DescentError)) throw error;
    status.dataset.problem = error.message;
    status.textContent = error.message;
  });
  const gpu = hasWebgl2();
  const engines = Object.entries(ENGINES).filter(([name]) => gpu || name !== 'tfjs-webgl');
  const engine = select({ name: 'network-engine', label: 'trains on', value: engines[0][0], options: engines.map(([value, { label }]) => ({ value, label })) }, restart);
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
  root.querySelector('.settings').append(group(engine, perClass, epochs), group(rule, learningRate), group(dropout, dropoutRate), group(l2, l2Strength), group(augment));
  const canvases = Array.from({ length: 10 }, () => samples.appendChild(document.createElement('canvas')));
  const pipeline = augmentFlat(compose([randomCrop({ size: 28, padding: 3 }), randomErasing({ p: 0.5, scale: [0.02, 0.12] })]), 28, 28);

  const pauseButton = root.querySelector('button.pause');
  const stepButton = root.querySelector('button.step');
  let paused = false;
  let stepsAllowed = 0;
  let waiting = [];
  const wake = () => {
    const woken = waiting;
    waiting = [];
    woken.forEach((resolve) => resolve());
  };
  /** Resolves when run `id` may train its next epoch: at once while playing, else on "One epoch", play, or a newer run. */
  const turn = async (id) => {
    while (paused && id === run) {
      if (stepsAllowed > 0) {
        stepsAllowed--;
        return;
      }
      await new Promise((resolve) => waiting.push(resolve));
    }
  };
  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.textContent = paused ? 'Play' : 'Pause';
    stepButton.disabled = !paused;
    status.dataset.paused = String(paused);
    wake();
  });
  stepButton.addEventListener('click', () => {
    stepsAllowed++;
    wake();
  });

  let run = 0;
  async function start() {
    const id = ++run;
    stepsAllowed = 0;
    delete status.dataset.problem;
    wake();
    const train = data.train.filter((_, i) => i % (data.train.length / 10) < perClass.value());
    let chosen = engine.value();
    if (chosen === 'tfjs-webgl') {
      try {
        await useWebgl();
      } catch (error) {
        console.warn(`the playground trains with brain.js instead: ${error.message}`);
        chosen = 'brain';
      }
      if (id !== run) return;
    }
    const network = ENGINES[chosen].make({
      train,
      rule: rule.value(),
      learningRate: learningRate.value(),
      l2: l2.value() ? l2Strength.value() : 0,
      dropout: dropout.value() ? dropoutRate.value() : 0,
      // Training digits are augmented anew every epoch (validation sees them as they are).
      augment: augment.value() ? pipeline : undefined,
      seed: 7,
    });
    // The shown digits go through the same pipeline, from their own generator seeded like the network's.
    const shown = new Random(7);
    const history = { train: [], validation: [] };
    try {
      for (let epoch = 1; epoch <= epochs.value(); epoch++) {
        await turn(id);
        if (id !== run) return;
        await network.trainEpoch();
        if (id !== run) return;
        if (epoch === 1 || epoch % 5 === 0) {
          canvases.forEach((canvas, i) => {
            const input = train[i * (train.length / 10)].input;
            drawDigit(canvas, augment.value() ? pipeline(input, shown) : input, 28, 28);
          });
        }
        history.train.push([epoch, await network.accuracy(train)]);
        history.validation.push([epoch, await network.accuracy(data.validation)]);
        if (id !== run) return;
        show(history, epoch, network);
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (id !== run) return;
      }
      status.dataset.done = 'true';
    } finally {
      network.dispose();
    }
  }

  function show(history, epoch, network) {
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
    Object.assign(status.dataset, {
      epoch: String(epoch),
      trainAccuracy: trainAccuracy.toFixed(4),
      validationAccuracy: validationAccuracy.toFixed(4),
      done: 'false',
      engine: network.engine,
      executedOn: network.executedOn ?? '',
    });
    const where = network.executedOn ? `${network.engine}, optimizer step on ${network.executedOn}` : network.engine;
    status.textContent = `epoch ${epoch}: training accuracy ${(100 * trainAccuracy).toFixed(1)}%, validation ${(100 * validationAccuracy).toFixed(1)}%, gap ${(100 * (trainAccuracy - validationAccuracy)).toFixed(1)} points (${where})`;
  }

  root.querySelector('button.train').addEventListener('click', restart);
  restart();
}

module.exports = { networkPanel };
