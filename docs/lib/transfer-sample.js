'use strict';
const { digitTensors, mlp, fit, accuracy, compareOnNewClasses, SOURCE, TARGET } = require('./transfer');

/** The base network's training in the small version: every sample digit 0–4, `epochs` epochs of Adam at 0.001, batches of 32. */
const BASE = { seed: 31, epochs: 10 };

/** The comparison the figure starts with: 5 new digits per class, seed 1, 20 epochs. */
const START = { perClass: 5, seed: 1, epochs: 20 };

/**
 * The guide's transfer comparison made small enough for a page, on the docs' MNIST sample
 * (`descent:mnist-sample-small`, decoded): the base network learns every sample digit
 * 0–4 (training and validation parts); the new classes 5–9 are learned from the first
 * `perClass` training digits of each and tested on the validation digits 5–9.
 * @param {typeof import('@tensorflow/tfjs')} tf
 * @param {typeof import('@descent/tfjs')} descent
 * @param {{ train: { input: Float32Array, label: number }[], validation: { input: Float32Array, label: number }[] }} sample
 */
async function smallTransfer(tf, descent, sample) {
  const isSource = (d) => d.label < TARGET[0];
  const source = digitTensors(tf, [...sample.train, ...sample.validation].filter(isSource), SOURCE);
  const test = digitTensors(tf, sample.validation.filter((d) => !isSource(d)), TARGET);
  const base = mlp(tf, BASE.seed);
  await fit(tf, descent, base, source, { learningRate: 1e-3, epochs: BASE.epochs, batchSize: 32 });
  const baseAccuracy = accuracy(tf, base, source);
  tf.dispose([source.x, source.y]);
  const pool = sample.train.filter((d) => !isSource(d));
  return {
    baseAccuracy,
    baseDigits: source.labels.length,
    testDigits: test.labels.length,
    /**
     * The four methods on `perClass` new digits of each class for one seed, with the test
     * accuracy after every epoch: `curves[method]` as [epoch, accuracy] (fine-tuning
     * continues the first-layer head, so its epochs follow it). `onEpoch` as in
     * compareOnNewClasses.
     */
    async compare({ perClass, seed, epochs }, onEpoch = () => true) {
      const train = digitTensors(tf, pool.filter((d, i) => i % (pool.length / TARGET.length) < perClass), TARGET);
      const curves = { scratch: [], last: [], first: [], fineTuned: [] };
      try {
        const final = await compareOnNewClasses(tf, descent, base, train, test, {
          seed,
          epochs,
          onEpoch: (method, epoch, value) => {
            curves[method].push([method === 'fineTuned' ? epochs + epoch : epoch, value]);
            return onEpoch(method, epoch, curves);
          },
        });
        return { final, curves };
      } finally {
        tf.dispose([train.x, train.y]);
      }
    },
    dispose() {
      base.dispose();
      tf.dispose([test.x, test.y]);
    },
  };
}

module.exports = { smallTransfer, BASE, START };
