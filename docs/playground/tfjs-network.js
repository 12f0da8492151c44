'use strict';
const tf = require('@tensorflow/tfjs');
const { createDescentOptimizer } = require('@descent/tfjs');
const { Random, dropoutMask } = require('@descent/core');

/**
 * True when this page or worker gets a WebGL2 context, which tfjs's webgl backend needs: in a
 * worker from an OffscreenCanvas (tfjs's webgl backend draws into one there), in a page from
 * a canvas element.
 */
function hasWebgl2() {
  try {
    const canvas = typeof OffscreenCanvas === 'undefined' ? document.createElement('canvas') : new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return gl !== null && gl !== undefined;
  } catch {
    return false;
  }
}

/** Activates tfjs's `backend` ('webgl' or 'cpu'); throws when it does not start. */
async function useBackend(backend) {
  if (tf.getBackend() === backend) return;
  if (!(await tf.setBackend(backend))) throw new Error(`the tfjs ${backend} backend did not start`);
  await tf.ready();
}

/** Glorot-uniform weights from the seeded generator (no Math.random: the same run every time). */
function glorot(random, fanIn, fanOut) {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => random.uniform(-limit, limit));
}

/** A seeded shuffle of 0 … n−1 (Fisher–Yates). */
function shuffled(n, random) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

let networks = 0;

/**
 * The tiny network as tfjs variables (784–64–10, relu then softmax) trained on tfjs's active
 * backend by a descent optimizer: on webgl its update runs as WebGL programs (`executedOn`
 * "gpu"), on cpu as tfjs ops. Mini-batches of 10 in a seeded order; dropout multiplies the hidden units by
 * masks from @descent/core's `dropoutMask` (inverted, so nothing changes at inference); L2 is
 * the optimizer's `l2` transform; the augmentation pipeline makes each epoch's training
 * digits anew. One generator seeded with `seed` drives the weights, the order, the masks and
 * the augmentation, so a restart repeats the run.
 * Call `useBackend(…)` first.
 * @param {{ train: import('./digits').Digit[], rule: string, learningRate: number, l2: number, dropout: number, augment?: (input: Float32Array, random: Random) => Float32Array, seed: number }} settings
 * @returns {import('./network-run').TinyNetwork}
 */
function tfjsNetwork({ train, rule, learningRate, l2, dropout, augment, seed }) {
  const random = new Random(seed);
  const id = networks++;
  const variable = (values, shape, name) => tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `playground${id}/${name}`));
  const params = [
    variable(glorot(random, 784, 64), [784, 64], 'w1'),
    variable(new Float32Array(64), [64], 'b1'),
    variable(glorot(random, 64, 10), [64, 10], 'w2'),
    variable(new Float32Array(10), [10], 'b2'),
  ];
  const [w1, b1, w2, b2] = params;
  const optimizer = createDescentOptimizer({ type: rule, learningRate }, { transforms: l2 > 0 ? [{ type: 'l2', strength: l2 }] : [] });
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(train.map((d) => d.label), 'int32'), 10).toFloat());
  const logits = (x, mask) => tf.tidy(() => {
    const hidden = tf.relu(x.matMul(w1).add(b1));
    return (mask ? hidden.mul(mask) : hidden).matMul(w2).add(b2);
  });
  const images = (digits, each) => {
    const pixels = new Float32Array(digits.length * 784);
    digits.forEach((d, i) => pixels.set(each(d), i * 784));
    return tf.tensor2d(pixels, [digits.length, 784]);
  };
  /** The digits checked every epoch, uploaded once. */
  const uploaded = new Map();

  const backend = tf.getBackend();
  return {
    engine: backend === 'webgl' ? 'tfjs on the GPU (webgl)' : `tfjs on the CPU (${backend})`,
    get executedOn() {
      return optimizer.executedOn;
    },
    async trainEpoch() {
      const x = images(train, (d) => (augment ? augment(d.input, random) : d.input));
      const order = shuffled(train.length, random);
      let total = tf.scalar(0);
      for (let start = 0; start < order.length; start += 10) {
        const batch = order.slice(start, start + 10);
        const mask = dropout > 0 ? new Float32Array(batch.length * 64) : null;
        if (mask) dropoutMask(random, dropout, mask);
        tf.tidy(() => {
          const index = tf.tensor1d(batch, 'int32');
          const xb = tf.gather(x, index);
          const yb = tf.gather(labels, index);
          const m = mask ? tf.tensor2d(mask, [batch.length, 64]) : null;
          const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, logits(xb, m)), true, params);
          const sum = total.add(cost.mul(batch.length));
          total.dispose();
          total = tf.keep(sum);
        });
      }
      x.dispose();
      const [sum] = await total.data();
      total.dispose();
      return sum / train.length;
    },
    async accuracy(digits) {
      if (!uploaded.has(digits)) uploaded.set(digits, images(digits, (d) => d.input));
      const predicted = tf.tidy(() => logits(uploaded.get(digits)).argMax(1));
      const classes = await predicted.data();
      predicted.dispose();
      return digits.reduce((right, d, i) => right + (classes[i] === d.label ? 1 : 0), 0) / digits.length;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([...params, labels, ...uploaded.values()]);
      uploaded.clear();
    },
  };
}

module.exports = { hasWebgl2, useBackend, tfjsNetwork };
