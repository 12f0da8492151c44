'use strict';
const { NeuralNetwork } = require('brain.js');
const { DescentTrainer } = require('@descent/brain');

/** A digit as a brain.js training sample: the pixels in, the one-hot label out. */
function sample(input, label) {
  const output = new Float32Array(10);
  output[label] = 1;
  return { input, output };
}

/**
 * The tiny network as a brain.js net (784–64–10) trained by the @descent/brain trainer on
 * the CPU: dropout, the L2 transform and the augmentation pipeline are the trainer's own
 * options (it augments every training digit anew each epoch, from its generator seeded
 * with `seed`; validation sees the digits as they are).
 * @param {{ train: import('./digits').Digit[], rule: string, learningRate: number, l2: number, dropout: number, augment?: (input: Float32Array, random: import('@descent/core').Random) => Float32Array, seed: number }} settings
 * @returns {import('./network-run').TinyNetwork}
 */
function brainNetwork({ train, rule, learningRate, l2, dropout, augment, seed }) {
  const trainingData = train.map((d) => sample(d.input, d.label));
  const net = new NeuralNetwork({ inputSize: 784, hiddenLayers: [64], outputSize: 10 });
  const trainer = new DescentTrainer(net, {
    optimizer: { type: rule, learningRate },
    transforms: l2 > 0 ? [{ type: 'l2', strength: l2 }] : [],
    dropout,
    augment,
    batchSize: 10,
    iterations: 1,
    seed,
  });
  return {
    engine: 'brain.js on the CPU',
    async trainEpoch() {
      return trainer.train(trainingData).error;
    },
    async accuracy(digits) {
      let right = 0;
      for (const { input, label } of digits) {
        const out = net.run(input);
        let best = 0;
        for (let k = 1; k < 10; k++) if (out[k] > out[best]) best = k;
        if (best === label) right++;
      }
      return right / digits.length;
    },
    dispose() {},
  };
}

module.exports = { brainNetwork };
