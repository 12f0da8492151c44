import * as tf from '@tensorflow/tfjs';
import { createSchedule, decodeArray, DescentError } from '@descent/core';
import { adam, asgd, AveragedWeightsValidation, DescentOptimizer, ReduceLROnPlateau, scheduleFreeAdamW, sgd, useAveragedWeights, withAveragedWeights } from '@descent/tfjs';
import { mnistSet, useBackend } from './helpers';

function smallModel(seed: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, inputShape: [784], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return model;
}

/** The rates the core's reduceOnPlateau gives after each reported metric. */
function coreRates(config: object, metrics: number[], lr0: number): number[] {
  const schedule = createSchedule({ type: 'reduceOnPlateau', ...config });
  return metrics.map((m) => {
    schedule.reportMetric(m);
    return schedule.valueAt(0, lr0);
  });
}

const METRICS = [1, 0.9, 0.95, 0.97, 0.99, 0.5, 0.6, 0.7, 0.8];

describe('ReduceLROnPlateau', () => {
  beforeAll(() => useBackend('cpu'));

  /** Drives a callback through epochs with the given val_loss values; returns the scheduled rate after each. */
  async function drive(callback: ReduceLROnPlateau, optimizer: tf.Optimizer, read: () => number): Promise<number[]> {
    const model = smallModel(1);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    callback.setModel(model);
    await callback.onTrainBegin();
    const rates: number[] = [];
    for (const [epoch, value] of METRICS.entries()) {
      await callback.onEpochEnd(epoch, { val_loss: value });
      rates.push(read());
    }
    model.dispose();
    return rates;
  }

  test('feeds a descent optimizer its own reduceOnPlateau schedule (saved with the optimizer)', async () => {
    const optimizer = adam({ learningRate: 0.1, schedule: { type: 'reduceOnPlateau', patience: 1, factor: 0.5 } });
    const rates = await drive(new ReduceLROnPlateau(), optimizer, () => optimizer.scheduledLearningRate);
    expect(rates).toEqual(coreRates({ patience: 1, factor: 0.5 }, METRICS, 0.1));
    expect(rates[rates.length - 1]).toBeLessThan(0.1);
    expect(optimizer.learningRate).toBe(0.1);
  });

  test('with its own fields, sets the learning rate of descent and tf.train optimizers alike', async () => {
    const fields = { patience: 2, factor: 0.2, threshold: 0.01, cooldown: 1 };
    const expected = coreRates(fields, METRICS, 0.1);
    const descent = sgd({ learningRate: 0.1 });
    expect(await drive(new ReduceLROnPlateau(fields), descent, () => descent.learningRate)).toEqual(expected);
    const builtinSgd = tf.train.sgd(0.1);
    expect(await drive(new ReduceLROnPlateau(fields), builtinSgd, () => (builtinSgd as unknown as { learningRate: number }).learningRate)).toEqual(expected);
    const builtinAdam = tf.train.adam(0.1);
    expect(await drive(new ReduceLROnPlateau(fields), builtinAdam, () => (builtinAdam as unknown as { learningRate: number }).learningRate)).toEqual(expected);
  });

  test('inside fit: the rate falls when the monitored loss stops improving', async () => {
    const { x, y } = mnistSet([0, 1], 5);
    const model = smallModel(3);
    const optimizer = sgd({ learningRate: 0.05 });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const callback = new ReduceLROnPlateau({ monitor: 'loss', patience: 0, factor: 0.5, thresholdMode: 'abs', threshold: 1e6 });
    await model.fit(x, y, { epochs: 4, batchSize: 10, verbose: 0, callbacks: [callback] });
    expect(optimizer.learningRate).toBeCloseTo(0.05 * 0.5 ** 3, 12);
    model.dispose();
    tf.dispose([x, y]);
  });

  test('bad use fails clearly', async () => {
    expect(() => new ReduceLROnPlateau({ factor: 2 })).toThrow(/ReduceLROnPlateau\(reduceOnPlateau\)\.factor/);
    const model = smallModel(5);
    model.compile({ optimizer: adam({ schedule: { type: 'reduceOnPlateau' } }), loss: 'categoricalCrossentropy' });
    const twice = new ReduceLROnPlateau({ patience: 3 });
    twice.setModel(model);
    await expect(twice.onTrainBegin()).rejects.toThrow(DescentError);
    const missing = new ReduceLROnPlateau({ monitor: 'val_acc' });
    missing.setModel(model);
    await missing.onTrainBegin();
    await expect(missing.onEpochEnd(0, { loss: 1 })).rejects.toThrow(/val_acc.*logged: loss/);
    model.dispose();
  });
});

describe('averaged weights', () => {
  beforeAll(() => useBackend('cpu'));
  const { x, y } = mnistSet([0, 1, 2], 10);

  async function trained(average: 'ema' | 'polyak'): Promise<{ model: tf.LayersModel; optimizer: DescentOptimizer }> {
    const model = smallModel(7);
    const optimizer = adam({ learningRate: 0.01, average: average === 'ema' ? { type: 'ema', decay: 0.9 } : { type: 'polyak' } });
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 3, batchSize: 10, verbose: 0, shuffle: false });
    return { model, optimizer };
  }

  const values = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

  test.each(['ema', 'polyak'] as const)('%s: swapped in for evaluation, swapped back after', async (average) => {
    const { model, optimizer } = await trained(average);
    const trainedValues = values(model);
    const before = tf.memory().numTensors;
    const restore = useAveragedWeights(optimizer, model);
    const averages = model.trainableWeights.map((w) => tf.tidy(() => Array.from((optimizer.averageOf(w.read() as tf.Variable) as tf.Tensor).dataSync())));
    expect(values(model)).toEqual(averages);
    expect(values(model)).not.toEqual(trainedValues);
    restore();
    restore();
    expect(values(model)).toEqual(trainedValues);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });

  test('schedule-free: the evaluation point x = y/β1 + (1 − 1/β1)·z is swapped in, y swapped back', async () => {
    const model = smallModel(7);
    const beta1 = 0.8;
    const optimizer = scheduleFreeAdamW({ learningRate: 0.01, beta1, warmupSteps: 3 });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, shuffle: false });
    const trainedValues = values(model);
    const tensors = optimizer.exportState().tensors;
    const expected = model.trainableWeights.map((w, i) => {
      const z = decodeArray(tensors[w.read().name].slots.z) as Float32Array;
      return trainedValues[i].map((yi, j) => yi / beta1 + (1 - 1 / beta1) * z[j]);
    });
    const before = tf.memory().numTensors;
    await withAveragedWeights(optimizer, model, () => {
      values(model).forEach((got, i) => got.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)));
    });
    expect(values(model)).toEqual(trainedValues);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });

  test('asgd: its average is swapped in without an average option', async () => {
    const model = smallModel(8);
    const optimizer = asgd({ learningRate: 0.05, t0: 2 });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, shuffle: false });
    const trainedValues = values(model);
    const tensors = optimizer.exportState().tensors;
    const expected = model.trainableWeights.map((w) => Array.from(decodeArray(tensors[w.read().name].slots.ax) as Float32Array));
    const restore = useAveragedWeights(optimizer, model);
    expect(values(model)).toEqual(expected);
    expect(values(model)).not.toEqual(trainedValues);
    restore();
    expect(values(model)).toEqual(trainedValues);
    model.dispose();
    optimizer.dispose();
  });

  test('withAveragedWeights restores even when the evaluation throws', async () => {
    const { model, optimizer } = await trained('ema');
    const trainedValues = values(model);
    await expect(withAveragedWeights(optimizer, model, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(values(model)).toEqual(trainedValues);
    expect(() => useAveragedWeights(sgd(), model)).toThrow(/average/);
    model.dispose();
    optimizer.dispose();
  });

  test('AveragedWeightsValidation logs the averaged model beside the trained one', async () => {
    const model = smallModel(9);
    const optimizer = adam({ learningRate: 0.01, average: { type: 'polyak' } });
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, shuffle: false, validationData: [x, y], callbacks: [new AveragedWeightsValidation({ validationData: [x, y] })] });
    expect(history.history.averaged_val_loss).toHaveLength(2);
    expect(history.history.averaged_val_acc).toHaveLength(2);
    const expected = await withAveragedWeights(optimizer, model, () => (model.evaluate(x, y) as tf.Scalar[])[0].dataSync()[0]);
    expect(history.history.averaged_val_loss[1] as number).toBeCloseTo(expected, 5);
    expect(history.history.averaged_val_loss[1]).not.toBe(history.history.val_loss[1]);
    model.dispose();
    optimizer.dispose();
  });
});
