'use strict';
const { lineChart } = require('../lib/plot/line-chart');
const { slider, checkbox, select } = require('./controls');
const { drawDigit } = require('./digits');

/**
 * The tiny network panel: a 784–64–10 network trained live on a few real MNIST digits by a
 * descent optimizer, in a Web Worker (network-worker.js, at `workerUrl`) so the page stays
 * responsive — with tfjs on the GPU where the worker gets WebGL2, tfjs on its CPU backend, or a
 * brain.js net trained by @descent/brain — with dropout, L2 and @descent/augment's random
 * shifts and erasing as toggles; training and validation accuracy plotted per epoch, and the
 * first digit of each class as augmented. The controls appear when the worker has loaded
 * (it says which engines it has). Any change of the controls restarts training from the same
 * seed (epochs of an older run are never drawn); "Pause" holds it between epochs (the status
 * gets `data-held` once the epoch in progress is done; a restart while paused waits at epoch 0)
 * and "One epoch" then trains one more.
 * @param {HTMLElement} root the panel's element (holds .settings, .plot, .samples, .status and the .train, .pause and .step buttons)
 * @param {string} workerUrl the worker's script
 */
function networkPanel(root, workerUrl) {
  const status = root.querySelector('.status');
  status.textContent = 'loading the network and its digits…';
  const { port, where } = startTrainer(workerUrl);
  port.addEventListener('message', function ready({ data: message }) {
    if (message.type !== 'ready') return;
    port.removeEventListener('message', ready);
    panel(root, port, where, message);
  });
}

/**
 * Starts the trainer at `url`: a Web Worker, or where the browser refuses one (a page opened
 * from a file) the same script in the page, reached through a MessageChannel.
 * @returns {{ port: Worker | MessagePort, where: string }} what to talk to, and where it trains (for the status line)
 */
function startTrainer(url) {
  try {
    const worker = new Worker(url);
    worker.addEventListener('error', (event) => console.error(`the network's worker failed: ${event.message}`));
    return { port: worker, where: 'in a Web Worker' };
  } catch {
    const channel = new MessageChannel();
    globalThis.descentNetworkPort = channel.port2;
    document.body.append(Object.assign(document.createElement('script'), { src: url }));
    channel.port1.start();
    return { port: channel.port1, where: "on the page's thread: this browser gave it no worker" };
  }
}

/** The panel's controls, transport and drawing, once the trainer has said what it has (`engines`, `trainPerClass`, `validation`). */
function panel(root, trainer, where, { engines, trainPerClass, validation }) {
  const status = root.querySelector('.status');
  const plot = root.querySelector('.plot');
  const samples = root.querySelector('.samples');
  const restart = () => start();
  const engine = select({ name: 'network-engine', label: 'trains on', value: engines[0].value, options: engines }, restart);
  const perClass = slider({ name: 'train-per-class', label: 'training digits per class', min: 5, max: trainPerClass, value: 10, integer: true }, restart);
  const epochs = slider({ name: 'epochs', label: 'epochs', min: 5, max: 200, value: 80, integer: true }, restart);
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

  const pauseButton = root.querySelector('button.pause');
  const stepButton = root.querySelector('button.step');
  let paused = false;
  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.textContent = paused ? 'Play' : 'Pause';
    stepButton.disabled = !paused;
    status.dataset.paused = String(paused);
    trainer.postMessage({ type: paused ? 'pause' : 'play' });
  });
  stepButton.addEventListener('click', () => trainer.postMessage({ type: 'step' }));

  let run = 0;
  let history = { train: [], validation: [] };
  function start() {
    run++;
    history = { train: [], validation: [] };
    delete status.dataset.problem;
    for (const stale of ['held', 'loss', 'trainAccuracy', 'validationAccuracy']) delete status.dataset[stale];
    Object.assign(status.dataset, { epoch: '0', done: 'false' });
    status.textContent = paused ? 'restarted: paused before epoch 1' : 'restarted: training epoch 1…';
    plot.replaceChildren();
    trainer.postMessage({
      type: 'start',
      run,
      settings: {
        engine: engine.value(),
        perClass: perClass.value(),
        epochs: epochs.value(),
        rule: rule.value(),
        learningRate: learningRate.value(),
        l2: l2.value() ? l2Strength.value() : 0,
        dropout: dropout.value() ? dropoutRate.value() : 0,
        // Training digits are augmented anew every epoch (validation sees them as they are).
        augment: augment.value(),
      },
    });
  }

  trainer.addEventListener('message', ({ data: message }) => {
    if (message.run !== run) return;
    if (message.type === 'epoch') show(message);
    else if (message.type === 'held') status.dataset.held = 'true';
    else if (message.type === 'done') status.dataset.done = 'true';
    else if (message.type === 'problem') {
      if (!message.refused) throw new Error(`the network's worker failed: ${message.message}`);
      // Settings the packages refuse show their DescentError in the status line instead of a curve.
      status.dataset.problem = message.message;
      status.textContent = message.message;
    }
  });

  /** Draws epoch `report` of the current run: the accuracy curves, the status line, and the digits when sent. */
  function show(report) {
    const { epoch, loss, trainAccuracy, validationAccuracy, engine: trainedOn, executedOn } = report;
    history.train.push([epoch, trainAccuracy]);
    history.validation.push([epoch, validationAccuracy]);
    if (report.samples) canvases.forEach((canvas, i) => drawDigit(canvas, report.samples.subarray(i * 784, (i + 1) * 784), 28, 28));
    plot.innerHTML = lineChart({
      title: 'accuracy per epoch',
      series: [{ label: 'training digits', points: history.train }, { label: `validation (${validation} digits)`, points: history.validation }],
      xLabel: 'epoch',
      yDomain: [0, 1],
      width: 560,
      height: 300,
    });
    delete status.dataset.held;
    Object.assign(status.dataset, {
      epoch: String(epoch),
      loss: loss.toPrecision(4),
      trainAccuracy: trainAccuracy.toFixed(4),
      validationAccuracy: validationAccuracy.toFixed(4),
      engine: trainedOn,
      executedOn,
    });
    const on = executedOn ? `${trainedOn}, optimizer step on ${executedOn}` : trainedOn;
    status.textContent = `epoch ${epoch}: training loss ${loss.toPrecision(3)}, training accuracy ${(100 * trainAccuracy).toFixed(1)}%, validation ${(100 * validationAccuracy).toFixed(1)}%, gap ${(100 * (trainAccuracy - validationAccuracy)).toFixed(1)} points (${on}, ${where})`;
  }

  root.querySelector('button.train').addEventListener('click', restart);
  start();
}

module.exports = { networkPanel };
