'use strict';
const { Random } = require('@descent/core');

/**
 * A network the playground trains: one epoch at a time, then its accuracy on some digits.
 * @typedef {object} TinyNetwork
 * @property {string} engine what it runs on, for people
 * @property {string} [executedOn] where the descent optimizer's step ran (tfjs: "gpu" on webgl)
 * @property {() => Promise<number>} trainEpoch trains one epoch; resolves to its mean training loss
 * @property {(digits: import('./digits').Digit[]) => Promise<number>} accuracy
 * @property {() => void} dispose
 */

/**
 * What one epoch of a run reports: the numbers the panel prints and draws, and every fifth
 * epoch (and the first) the first training digit of each class as the network saw it
 * (augmented when augmentation is on), 10 × 784 pixels.
 * @typedef {{ epoch: number, loss: number, trainAccuracy: number, validationAccuracy: number, engine: string, executedOn: string, samples?: Float32Array }} EpochReport
 */

/**
 * Trains `network` for `epochs` epochs on `train`, checking it on `validation` after each,
 * and reports every epoch. Before each epoch it awaits `turn()`, which resolves to false when
 * the run is over (a newer run started): then it stops without reporting. Disposes the
 * network at the end either way.
 * @param {{ network: TinyNetwork, train: import('./digits').Digit[], validation: import('./digits').Digit[], epochs: number,
 *   augment?: (input: Float32Array, random: Random) => Float32Array, seed: number,
 *   turn: () => Promise<boolean>, report: (epoch: EpochReport) => void }} run
 * @returns {Promise<boolean>} true when every epoch ran
 */
async function trainRun({ network, train, validation, epochs, augment, seed, turn, report }) {
  // The shown digits go through the same pipeline, from their own generator seeded like the network's.
  const shown = new Random(seed);
  const perClass = train.length / 10;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (!(await turn())) return false;
      const loss = await network.trainEpoch();
      const trainAccuracy = await network.accuracy(train);
      const validationAccuracy = await network.accuracy(validation);
      let samples;
      if (epoch === 1 || epoch % 5 === 0) {
        samples = new Float32Array(10 * 784);
        for (let label = 0; label < 10; label++) {
          const input = train[label * perClass].input;
          samples.set(augment ? augment(input, shown) : input, label * 784);
        }
      }
      report({ epoch, loss, trainAccuracy, validationAccuracy, engine: network.engine, executedOn: network.executedOn ?? '', samples });
    }
    return true;
  } finally {
    network.dispose();
  }
}

module.exports = { trainRun };
