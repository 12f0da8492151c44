'use strict';
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { mnistSplit, fitShuffled, disposeSplit, mlp, accuracy, percent } = require('../data');

/** Slide: model ensembles — train several independent models, average their predictions: about 2 % extra. */
module.exports = {
  id: 'ensembles',
  title: 'Model ensembles and snapshot ensembles',
  lecture: 'Averaging the predictions of several independently trained models beats the average single model (the lecture: typically about 2 %); snapshots of one run with cyclic learning rates give part of that for the price of one training run.',
  units: (size) => size.members * size.epochs + size.members * size.epochs,
  async run({ size, progress }) {
    const split = mnistSplit(size);
    const members = [];
    const singles = [];
    for (let i = 0; i < size.members; i++) {
      progress.describe(`ensembles: member ${i + 1} of ${size.members}`);
      const model = mlp([64], 10, 100 + 10 * i);
      model.compile({ optimizer: descent.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
      // Independent members: their own initial weights and their own order of the samples.
      await fitShuffled(model, split.train, { epochs: size.epochs, seed: 200 + i, onEpoch: () => progress.advance() });
      const probabilities = model.predict(split.test.x);
      singles.push(accuracy(probabilities, split.test.labels));
      probabilities.dispose();
      members.push(model);
    }
    const averaged = descent.averagePredictions(members, split.test.x);
    const ensemble = accuracy(averaged, split.test.labels);
    averaged.dispose();

    progress.describe('ensembles: one run with cosine restarts');
    const steps = Math.ceil(split.train.count / 32);
    const snapshot = mlp([64], 10, 100);
    snapshot.compile({
      optimizer: descent.adam({ learningRate: 3e-3, schedule: { type: 'cosineRestarts', firstDecaySteps: steps } }),
      loss: 'categoricalCrossentropy',
    });
    const snapshots = new descent.SnapshotEnsemble();
    await snapshot.fit(split.train.x, split.train.y, {
      epochs: size.members * size.epochs,
      batchSize: 32,
      shuffle: false,
      verbose: 0,
      callbacks: [snapshots, new tf.CustomCallback({ onEpochEnd: async () => progress.advance() })],
    });
    const lastSnapshot = accuracy(snapshot.predict(split.test.x), split.test.labels);
    const kept = snapshots.snapshots.slice(-size.members);
    snapshots.snapshots.splice(0, snapshots.snapshots.length - kept.length).forEach((weights) => tf.dispose(weights));
    const snapshotPredictions = snapshots.predict(split.test.x);
    const snapshotEnsemble = accuracy(snapshotPredictions, split.test.labels);
    snapshotPredictions.dispose();
    snapshots.dispose();
    [...members, snapshot].forEach((m) => {
      m.optimizer.dispose();
      m.dispose();
    });
    disposeSplit(split);

    const meanSingle = singles.reduce((a, b) => a + b, 0) / singles.length;
    const gain = ensemble - meanSingle;
    return {
      measurement: `${size.members} MLPs: mean single ${percent(meanSingle)} (best ${percent(Math.max(...singles))}), ensemble ${percent(ensemble)}: ${gain >= 0 ? '+' : ''}${(100 * gain).toFixed(1)} points; snapshots of one run ${percent(snapshotEnsemble)} vs its last snapshot ${percent(lastSnapshot)}`,
      // The lecture's number is "about 2 %": a gain of a point or more confirms it, a smaller one only its direction.
      verdict: gain >= 0.01 ? 'confirmed' : gain > 0 ? 'partly' : 'not confirmed',
      summary: `the ensemble gains ${(100 * gain).toFixed(1)} points over the mean member (the lecture: about 2)`,
      table: [
        ...singles.map((a, i) => ({ model: `member ${i + 1}`, 'test accuracy': percent(a) })),
        { model: `ensemble of ${size.members} (mean prediction)`, 'test accuracy': percent(ensemble) },
        { model: 'one run, last snapshot (cosine restarts)', 'test accuracy': percent(lastSnapshot) },
        { model: `snapshot ensemble (${kept.length} cycle ends)`, 'test accuracy': percent(snapshotEnsemble) },
      ],
      figures: [],
    };
  },
};
