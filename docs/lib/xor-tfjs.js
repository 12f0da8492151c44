'use strict';

/** XOR as the getting-started program feeds it to tfjs. */
const XOR = { xs: [[0, 0], [0, 1], [1, 0], [1, 1]], ys: [[0], [1], [1], [0]] };

/** The getting-started program's settings: Adam at 0.05 with a cosine schedule over its 200 epochs. */
const SNIPPET = { rule: 'adam', learningRate: 0.05, cosine: true, epochs: 200 };

/**
 * The getting-started program with any rule: a 2–8–1 tanh/sigmoid tfjs model (the
 * program's seeded initial weights) learns XOR through `model.fit` with a descent optimizer
 * of `rule` at `learningRate`, under a cosine schedule over the epochs when `cosine`. Calls
 * `onEpoch(losses)` after each epoch; when it returns false, training stops there.
 * @param {typeof import('@tensorflow/tfjs')} tf
 * @param {typeof import('@descent/tfjs')} descent
 * @param {{ rule: string, learningRate: number, cosine: boolean, epochs: number }} settings
 * @param {(losses: number[]) => boolean | void} [onEpoch]
 * @returns {Promise<{ losses: number[], predictions: number[] }>} the loss of every epoch, and the outputs for the four inputs
 */
async function xorLosses(tf, descent, { rule, learningRate, cosine, epochs }, onEpoch = () => true) {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ units: 8, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ] });
  const optimizer = descent.createDescentOptimizer({ type: rule, learningRate }, cosine ? { schedule: { type: 'cosine', decaySteps: epochs } } : {});
  model.compile({ loss: 'binaryCrossentropy', optimizer });
  const [xs, ys] = [tf.tensor2d(XOR.xs), tf.tensor2d(XOR.ys)];
  const losses = [];
  try {
    await model.fit(xs, ys, {
      epochs,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (_epoch, logs) => {
          losses.push(logs.loss);
          if (onEpoch(losses) === false) model.stopTraining = true;
        },
      },
    });
    const predictions = tf.tidy(() => Array.from(model.predict(xs).dataSync()));
    return { losses, predictions };
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
    optimizer.dispose();
  }
}

module.exports = { xorLosses, SNIPPET };
