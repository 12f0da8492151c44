'use strict';
const tf = require('@tensorflow/tfjs');

/** A set of the server's JSON (pixels as base64 bytes) as tensors: images [n, 784] in 0..1 and one-hot labels [n, 10]. */
function toTensors({ count, labels, pixels }) {
  const bytes = Uint8Array.from(atob(pixels), (c) => c.charCodeAt(0));
  const x = tf.tensor2d(Float32Array.from(bytes, (b) => b / 255), [count, 784]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat());
  return { x, y, labels, count };
}

/**
 * Fetches the digits the server took from the `mnist` package.
 * @param {string} url
 * @returns {Promise<{ train: ReturnType<typeof toTensors>, test: ReturnType<typeof toTensors> }>}
 */
async function loadDigits(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const { train, test } = await response.json();
  return { train: toTensors(train), test: toTensors(test) };
}

module.exports = { loadDigits };
