// The browser app of the size budget: XOR trained with the optimizer its entry gives (descent's or tf.train's).
import * as tf from '@tensorflow/tfjs';

/** Trains a small model on XOR with `optimizer` on WebGL; resolves to what the page reports. */
export async function run(optimizer) {
  if (!(await tf.setBackend('webgl'))) throw new Error('no webgl');
  const model = tf.sequential({ layers: [
    tf.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ] });
  model.compile({ loss: 'binaryCrossentropy', optimizer });
  const xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), ys = tf.tensor2d([[0], [1], [1], [0]]);
  const history = await model.fit(xs, ys, { epochs: 100, verbose: 0 });
  return { backend: tf.getBackend(), executedOn: optimizer.executedOn, loss: history.history.loss };
}
