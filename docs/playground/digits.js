'use strict';

/**
 * @typedef {{ input: Float32Array, label: number }} Digit
 */

/**
 * An MNIST sample of docs/build/mnist-sample.js (bundled by the build as
 * `descent:mnist-sample` or the smaller `descent:mnist-sample-small`): training and
 * validation digits with pixels in 0..1 and their labels.
 * @param {{ width: number, height: number, trainPerClass: number, validationPerClass: number, pixels: string }} sample
 * @returns {{ train: Digit[], validation: Digit[], width: number, height: number }}
 */
function decodeDigits({ width, height, trainPerClass, validationPerClass, pixels }) {
  const bytes = Uint8Array.from(atob(pixels), (c) => c.charCodeAt(0));
  const size = width * height;
  let offset = 0;
  const take = (perClass) => {
    const digits = [];
    for (let label = 0; label < 10; label++) {
      for (let i = 0; i < perClass; i++, offset += size) {
        digits.push({ input: Float32Array.from(bytes.subarray(offset, offset + size), (b) => b / 255), label });
      }
    }
    return digits;
  };
  const train = take(trainPerClass);
  const validation = take(validationPerClass);
  return { train, validation, width, height };
}

/** Draws a digit (0..1 pixels, white on black as MNIST stores it) into a canvas of its size. */
function drawDigit(canvas, pixels, width, height) {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const v = Math.round(255 * (1 - Math.min(1, Math.max(0, pixels[i]))));
    image.data.set([v, v, v, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
}

module.exports = { decodeDigits, drawDigit };
