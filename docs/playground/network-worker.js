'use strict';
/**
 * The playground network's trainer, bundled as its own script (playground-network-worker.js)
 * and run as a dedicated Web Worker, so training never blocks the page. It holds tfjs,
 * brain.js, @descent/augment and the real MNIST digits; the panel (network-panel.js) sends it
 * messages and draws what it posts back.
 *
 * In: `{ type: 'start', run, settings }` starts run number `run` (any older run stops after
 * its current epoch, and nothing more of it is posted); `{ type: 'pause' }`, `{ type: 'play' }`,
 * `{ type: 'step' }` (while paused: one more epoch).
 * Where the browser refuses a worker (a page opened from a file), the panel loads this same
 * script into the page and talks to it through the MessagePort it leaves in
 * `globalThis.descentNetworkPort`; training then runs on the page's thread.
 * Out: `{ type: 'ready', engines, trainPerClass, validation }` once, then per run
 * `{ type: 'epoch', run, ...EpochReport }`, `{ type: 'held', run }` when a pause holds it before
 * an epoch, `{ type: 'done', run }`, or
 * `{ type: 'problem', run, message, refused }` when the run failed (`refused`: the packages
 * refused the settings with a DescentError).
 */
const { DescentError } = require('@descent/core');
const { randomCrop, randomErasing, compose, augmentFlat } = require('@descent/augment');
const { decodeDigits } = require('./digits');
const { brainNetwork } = require('./brain-network');
const { hasWebgl2, useBackend, tfjsNetwork } = require('./tfjs-network');
const { trainRun } = require('./network-run');

/** What the worker can train on: tfjs on webgl where the worker gets WebGL2 (an OffscreenCanvas), tfjs on its cpu backend, brain.js. */
const ENGINES = {
  'tfjs-webgl': { label: 'tfjs on the GPU (WebGL)', make: tfjsNetwork, backend: 'webgl' },
  'tfjs-cpu': { label: 'tfjs on the CPU', make: tfjsNetwork, backend: 'cpu' },
  brain: { label: 'brain.js on the CPU', make: brainNetwork },
};

/** Where messages come in and go out: the worker's own scope, or the panel's port when this runs in the page. */
const port = typeof WorkerGlobalScope === 'undefined' ? globalThis.descentNetworkPort : globalThis;

const data = decodeDigits(require('descent:mnist-sample'));
const pipeline = augmentFlat(compose([randomCrop({ size: 28, padding: 3 }), randomErasing({ p: 0.5, scale: [0.02, 0.12] })]), 28, 28);

let run = 0;
let paused = false;
let stepsAllowed = 0;
let waiting = [];
/** The run in progress: a new run starts when the older one has stopped (never two on one tfjs backend at once). */
let current = Promise.resolve();

const wake = () => {
  const woken = waiting;
  waiting = [];
  woken.forEach((resolve) => resolve());
};

/**
 * Resolves when run `id` may train its next epoch (true), or is over (false): at once while
 * playing, else on step, play, or a newer run. While it holds, it posts `{ type: 'held', run }` once.
 */
async function turn(id) {
  // Between epochs, let the worker read its messages (a pause, a newer run) before deciding.
  await new Promise((resolve) => setTimeout(resolve, 0));
  let held = false;
  while (paused && id === run) {
    if (stepsAllowed > 0) {
      stepsAllowed--;
      return true;
    }
    if (!held) port.postMessage({ type: 'held', run: id });
    held = true;
    await new Promise((resolve) => waiting.push(resolve));
  }
  return id === run;
}

/** Run `id` with the panel's settings: its engine started, its network built, its epochs posted while it is the newest run. */
async function train(id, settings) {
  if (id !== run) return;
  let chosen = settings.engine in ENGINES ? settings.engine : 'brain';
  const { backend } = ENGINES[chosen];
  if (backend) {
    try {
      await useBackend(backend);
    } catch (error) {
      console.warn(`the playground trains with brain.js instead: ${error.message}`);
      chosen = 'brain';
    }
  }
  const digits = data.train.filter((_, i) => i % (data.train.length / 10) < settings.perClass);
  const augment = settings.augment ? pipeline : undefined;
  const network = ENGINES[chosen].make({ train: digits, rule: settings.rule, learningRate: settings.learningRate, l2: settings.l2, dropout: settings.dropout, augment, seed: 7 });
  const report = (epoch) => {
    if (id === run) port.postMessage({ type: 'epoch', run: id, ...epoch }, epoch.samples ? [epoch.samples.buffer] : []);
  };
  const finished = await trainRun({ network, train: digits, validation: data.validation, epochs: settings.epochs, augment, seed: 7, turn: () => turn(id), report });
  if (finished && id === run) port.postMessage({ type: 'done', run: id });
}

/** Starts run `id`, after the one in progress has stopped; settings the packages refuse are posted back as a problem. */
function start(id, settings) {
  run = id;
  stepsAllowed = 0;
  wake();
  current = current
    .then(() => train(id, settings))
    .catch((error) => port.postMessage({ type: 'problem', run: id, message: error.message, refused: error instanceof DescentError }));
}

port.onmessage = ({ data: message }) => {
  if (message.type === 'start') start(message.run, message.settings);
  else if (message.type === 'pause') paused = true;
  else if (message.type === 'play') {
    paused = false;
    wake();
  } else if (message.type === 'step') {
    stepsAllowed++;
    wake();
  }
};

const engines = Object.entries(ENGINES)
  .filter(([name]) => name !== 'tfjs-webgl' || hasWebgl2())
  .map(([value, { label }]) => ({ value, label }));
port.postMessage({ type: 'ready', engines, trainPerClass: data.train.length / 10, validation: data.validation.length });
