'use strict';

/** The least-squares problem of the guide's program: 4 examples, 2 weights, from (0.5, −0.5). */
const PROBLEM = { xs: [[1, 2], [2, 1], [3, -1], [-1, 3]], ys: [[1], [0], [2], [-1]], start: [[0.5], [-0.5]] };

/** The smallest loss of the problem (its least-squares solution, from the normal equations XᵀX w = Xᵀy). */
function minimumLoss() {
  const { xs, ys } = PROBLEM;
  const [a, b, c] = [xs.reduce((s, [u]) => s + u * u, 0), xs.reduce((s, [u, v]) => s + u * v, 0), xs.reduce((s, [, v]) => s + v * v, 0)];
  const [p, q] = [xs.reduce((s, [u], i) => s + u * ys[i][0], 0), xs.reduce((s, [, v], i) => s + v * ys[i][0], 0)];
  const det = a * c - b * b;
  const w = [(c * p - b * q) / det, (a * q - b * p) / det];
  return xs.reduce((s, [u, v], i) => s + (u * w[0] + v * w[1] - ys[i][0]) ** 2, 0) / xs.length;
}

/** tf.train's positional arguments after the learning rate, where the factory needs one. */
const REQUIRED = { momentum: [0.9] };

/**
 * The same `tf.train` factory three ways on the guide's least-squares problem, `steps`
 * steps each from the same start: tf.train's own, descent's `train` namespace with the
 * same positional arguments, and descent's own factory with the same learning rate (and
 * PyTorch's defaults for everything else; `momentum` is `sgd` with momentum 0.9). The loss
 * before each step and after the last, and the largest weight difference from tf.train's
 * at any step.
 * @param {typeof import('@tensorflow/tfjs')} tf
 * @param {typeof import('@descent/tfjs')} descent
 * @param {{ factory: string, learningRate: number, steps: number }} settings
 */
function tfTrainRuns(tf, descent, { factory, learningRate, steps }) {
  const extra = REQUIRED[factory] ?? [];
  const ways = {
    tfTrain: () => tf.train[factory](learningRate, ...extra),
    train: () => descent.train[factory](learningRate, ...extra),
    own: () => (factory === 'momentum' ? descent.sgd({ learningRate, momentum: extra[0] }) : descent[factory]({ learningRate })),
  };
  const [xs, ys] = [tf.tensor2d(PROBLEM.xs), tf.tensor2d(PROBLEM.ys)];
  const runs = Object.fromEntries(Object.entries(ways).map(([way, make]) => {
    const optimizer = make();
    const w = tf.variable(tf.tensor2d(PROBLEM.start));
    const loss = () => tf.losses.meanSquaredError(ys, xs.matMul(w));
    const losses = [];
    const weights = [];
    for (let k = 0; k < steps; k++) {
      const cost = optimizer.minimize(loss, true, [w]);
      losses.push(cost.dataSync()[0]);
      cost.dispose();
      weights.push(Array.from(w.dataSync()));
    }
    losses.push(tf.tidy(() => loss().dataSync()[0]));
    optimizer.dispose();
    w.dispose();
    return [way, { losses, weights }];
  }));
  tf.dispose([xs, ys]);
  const gap = (way) => Math.max(...runs[way].weights.flatMap((ws, k) => ws.map((v, i) => Math.abs(v - runs.tfTrain.weights[k][i]))));
  return { losses: { tfTrain: runs.tfTrain.losses, train: runs.train.losses, own: runs.own.losses }, gap: { train: gap('train'), own: gap('own') } };
}

module.exports = { tfTrainRuns, minimumLoss };
