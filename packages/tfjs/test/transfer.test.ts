import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { adam, averagePredictions, freeze, layerGroup, layerLearningRates, replaceHead, selectLayers, sgd, SnapshotEnsemble, unfreeze, type DescentOptimizer } from '@descent/tfjs';
import { mnistSet, useBackend } from './helpers';

function base(seed: number, classes = 5): tf.Sequential {
  const model = tf.sequential({ name: `net${seed}` });
  model.add(tf.layers.dense({ name: `features${seed}`, units: 16, inputShape: [784], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.dense({ name: `hidden${seed}`, units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.add(tf.layers.dense({ name: `classifier${seed}`, units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  return model;
}

const values = (layer: tf.layers.Layer) => layer.getWeights().map((w) => Array.from(w.dataSync()));

describe('transfer learning', () => {
  beforeAll(() => useBackend('cpu'));
  const low = mnistSet([0, 1, 2, 3, 4], 4);
  const high = mnistSet([5, 6, 7, 8, 9], 4);
  const shifted = tf.tidy(() => tf.oneHot(tf.tensor1d(high.labels.map((d) => d - 5), 'int32'), 5).toFloat());

  test('selectLayers by name, index (negative from the end) and predicate; errors name the item', () => {
    const model = base(1);
    expect(selectLayers(model, ['hidden1', -1]).map((l) => l.name)).toEqual(['hidden1', 'classifier1']);
    expect(selectLayers(model, [0]).map((l) => l.name)).toEqual(['features1']);
    expect(selectLayers(model, (_l, i) => i < 2)).toHaveLength(2);
    expect(selectLayers(model)).toHaveLength(3);
    expect(() => selectLayers(model, ['nope'])).toThrow(/layers\[0\].*features1, hidden1, classifier1/);
    expect(() => selectLayers(model, [3])).toThrow(DescentError);
    model.dispose();
  });

  test('freeze keeps layers fixed through fit, unfreeze trains them again; the optimizer and its state survive recompiling', async () => {
    const model = base(10);
    const optimizer = adam({ learningRate: 0.01 });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    await model.fit(low.x, shifted, { epochs: 1, batchSize: 10, verbose: 0 });
    const [features] = freeze(model, ['features10']);
    expect(model.optimizer).toBe(optimizer);
    const frozen = values(features);
    await model.fit(low.x, shifted, { epochs: 2, batchSize: 10, verbose: 0 });
    expect(values(features)).toEqual(frozen);
    expect(features.trainableWeights).toHaveLength(0);
    expect(optimizer.exportState().tensors['features10/kernel'].t).toBe(2);
    unfreeze(model, [0]);
    await model.fit(low.x, shifted, { epochs: 1, batchSize: 10, verbose: 0 });
    expect(values(features)).not.toEqual(frozen);
    expect(optimizer.exportState().tensors['features10/kernel'].t).toBe(4);
    model.dispose();
  });

  test('replaceHead shares the base and adds a fresh classifier', () => {
    const model = base(20, 5);
    const transferred = replaceHead(model, { classes: 3, name: 'new_head' });
    expect(transferred.outputs[0].shape).toEqual([null, 3]);
    expect(transferred.layers.map((l) => l.name)).toEqual(['features20_input', 'features20', 'hidden20', 'new_head']);
    expect(transferred.getLayer('hidden20')).toBe(model.getLayer('hidden20'));
    const prediction = transferred.predict(low.x) as tf.Tensor;
    expect(prediction.shape).toEqual([20, 3]);
    tf.tidy(() => Array.from(prediction.sum(1).dataSync()).forEach((s) => expect(s).toBeCloseTo(1, 5)));
    expect(replaceHead(model, { classes: 2, removeLayers: 2 }).outputs[0].shape).toEqual([null, 2]);
    expect(() => replaceHead(model, { classes: 0 })).toThrow(/replaceHead\.classes/);
    expect(() => replaceHead(model, { classes: 2, removeLayers: 3 })).toThrow(/replaceHead\.removeLayers/);
    prediction.dispose();
    model.dispose();
  });

  test('per-layer learning rates scale each layer\u2019s step exactly', () => {
    const grads = (model: tf.LayersModel) => tf.variableGrads(() => tf.losses.softmaxCrossEntropy(shifted, model.predict(high.x) as tf.Tensor) as tf.Scalar);
    const [plain, scaled] = [base(30), base(30)];
    scaled.setWeights(plain.getWeights());
    const before = values(plain.getLayer('features30'));
    const step = (model: tf.LayersModel, optimizer: DescentOptimizer) => {
      const { value, grads: g } = grads(model);
      optimizer.applyGradients(g);
      tf.dispose([value, ...Object.values(g)]);
    };
    step(plain, sgd({ learningRate: 0.1 }));
    step(scaled, sgd({ learningRate: 0.1, groups: layerLearningRates(scaled, { features30: 0.5, '-1': 0 }) }));
    const moved = (model: tf.LayersModel) => values(model.getLayer('features30')).map((w, i) => w.map((v, j) => v - before[i][j]));
    const full = moved(plain);
    const error = Math.max(...moved(scaled).flatMap((w, i) => w.map((d, j) => Math.abs(d - 0.5 * full[i][j]))));
    expect(error).toBeLessThan(1e-6);
    expect(Math.max(...full.flat().map(Math.abs))).toBeGreaterThan(1e-4);
    expect(values(scaled.getLayer('classifier30'))).not.toEqual(values(plain.getLayer('classifier30')));
    expect(values(scaled.getLayer('hidden30'))).toEqual(values(plain.getLayer('hidden30')));
    [plain, scaled].forEach((m) => m.dispose());
  });

  test('a layer group also matches the names tfjs-layers gives a reloaded copy', () => {
    const model = base(40);
    const group = layerGroup(model, ['hidden40'], { weightDecay: 0 });
    const pattern = new RegExp(group.pattern as string);
    expect(['hidden40/kernel', 'hidden40/bias', 'hidden40/kernel_1'].every((n) => pattern.test(n))).toBe(true);
    expect(['features40/kernel', 'hidden400/kernel', 'hidden40/kernelx'].some((n) => pattern.test(n))).toBe(false);
    model.dispose();
  });
});

describe('ensembles', () => {
  beforeAll(() => useBackend('cpu'));
  const data = mnistSet([0, 1, 2, 3, 4], 4);

  test('averagePredictions is the mean of the models\u2019 predictions', () => {
    const models = [base(50), base(60), base(70)];
    const mean = averagePredictions(models, data.x);
    const expected = tf.tidy(() => tf.stack(models.map((m) => m.predict(data.x) as tf.Tensor)).mean(0).arraySync() as number[][]);
    (mean.arraySync() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 6)));
    expect(() => averagePredictions([], data.x)).toThrow(DescentError);
    mean.dispose();
    models.forEach((m) => m.dispose());
  });

  test('SnapshotEnsemble keeps the weights at each cosineRestarts cycle end and averages their predictions', async () => {
    const model = base(80);
    const optimizer = sgd({ learningRate: 0.1, momentum: 0.9, schedule: { type: 'cosineRestarts', firstDecaySteps: 2 } });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const snapshots = new SnapshotEnsemble();
    const kept: number[][][] = [];
    const recorder = new tf.CustomCallback({
      onBatchEnd: async () => {
        if (optimizer.stepsTaken % 2 === 0) kept.push(model.getWeights().map((w) => Array.from(w.dataSync())));
      },
    });
    await model.fit(data.x, data.y.slice([0, 0], [20, 5]), { epochs: 3, batchSize: 10, verbose: 0, shuffle: false, callbacks: [snapshots, recorder] });
    expect(snapshots.snapshots).toHaveLength(3);
    expect(snapshots.snapshots.map((s) => s.map((w) => Array.from(w.dataSync())))).toEqual(kept);
    const finalWeights = model.getWeights().map((w) => Array.from(w.dataSync()));
    const count = tf.memory().numTensors;
    const prediction = snapshots.predict(data.x);
    expect(tf.memory().numTensors).toBe(count + 1);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(finalWeights);
    const expected = tf.tidy(() => {
      const copy = base(80);
      const each = snapshots.snapshots.map((weights) => {
        copy.setWeights(weights);
        return copy.predict(data.x) as tf.Tensor;
      });
      const mean = tf.stack(each).mean(0).arraySync() as number[][];
      copy.dispose();
      return mean;
    });
    (prediction.arraySync() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 6)));
    prediction.dispose();
    snapshots.dispose();
    model.dispose();
  });

  test('SnapshotEnsemble needs a cosineRestarts schedule', async () => {
    const model = base(90);
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy' });
    const callback = new SnapshotEnsemble();
    callback.setModel(model);
    await expect(callback.onTrainBegin()).rejects.toThrow(/cosineRestarts/);
    model.dispose();
  });
});
