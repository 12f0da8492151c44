import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { featureExtraction, fineTuneAll, fineTuneTop, modelBlocks, registerWasmConvGradient } from '@descent/tfjs';
import { useBackend } from './helpers';

/** A small pretrained-like CNN: two conv blocks, a dense block and a 4-class head, seeded. */
function cnn(): tf.Sequential {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ name: 'c1', inputShape: [6, 6, 1], filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }));
  model.add(tf.layers.maxPooling2d({ name: 'p1', poolSize: 2 }));
  model.add(tf.layers.conv2d({ name: 'c2', filters: 3, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: init(2) }));
  model.add(tf.layers.flatten({ name: 'f' }));
  model.add(tf.layers.dense({ name: 'd', units: 5, activation: 'relu', kernelInitializer: init(3) }));
  model.add(tf.layers.dense({ name: 'old_head', units: 4, activation: 'softmax', kernelInitializer: init(4) }));
  return model;
}

const x = tf.tensor4d(Array.from({ length: 8 * 36 }, (_, i) => Math.abs(Math.sin(i * 0.7))), [8, 6, 6, 1]);
const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat();
const SGD = { type: 'sgd', learningRate: 0.5 } as const;

/** Each layer's weights before and after one full-batch SGD step of a regime. */
async function oneStep(make: (base: tf.LayersModel) => tf.LayersModel): Promise<Map<string, Float32Array>> {
  const model = make(cnn());
  const before = model.layers.map((layer) => layer.getWeights().map((w) => w.dataSync().slice()));
  await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
  const deltas = new Map<string, Float32Array>();
  model.layers.forEach((layer, i) => {
    const name = layer.name.startsWith('dense') ? 'head' : layer.name;
    layer.getWeights().forEach((w, j) => deltas.set(`${name}/${j}`, w.dataSync().map((v, k) => v - before[i][j][k])));
  });
  model.dispose();
  return deltas;
}

const maxAbs = (values: Float32Array) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Asserts that each layer's step is `ratio[layer]` times the reference's (a plain full-rate step). */
function expectRatios(steps: Map<string, Float32Array>, reference: Map<string, Float32Array>, ratios: Record<string, number>): void {
  for (const [key, delta] of steps) {
    const ratio = ratios[key.split('/')[0]];
    const expected = reference.get(key)!;
    expect(maxAbs(expected)).toBeGreaterThan(0);
    delta.forEach((v, k) => expect(v).toBeCloseTo(ratio * expected[k], 6));
  }
}

describe('transfer regimes', () => {
  beforeAll(() => useBackend('cpu'));

  test('modelBlocks: a layer with weights and the weightless layers after it', () => {
    const model = cnn();
    expect(modelBlocks(model).map((block) => block.map((l) => l.name))).toEqual([['c1', 'p1'], ['c2', 'f'], ['d'], ['old_head']]);
    const functional = tf.model({ inputs: model.inputs, outputs: model.outputs });
    expect(modelBlocks(functional).map((block) => block.length)).toEqual([3, 2, 1, 1]);
    model.dispose();
  });

  test('every regime replaces the head and trains it at the full rate; the blocks move at their multiples (SGD, one step)', async () => {
    const reference = await oneStep((base) => fineTuneAll(base, { classes: 3, optimizer: SGD, seed: 9, top: 1, rest: 1 }));
    expect([...reference.keys()]).toEqual(['c1/0', 'c1/1', 'c2/0', 'c2/1', 'd/0', 'd/1', 'head/0', 'head/1']);
    expectRatios(await oneStep((base) => featureExtraction(base, { classes: 3, optimizer: SGD, seed: 9 })), reference, { c1: 0, c2: 0, d: 0, head: 1 });
    expectRatios(await oneStep((base) => fineTuneTop(base, { classes: 3, blocks: 2, optimizer: SGD, seed: 9 })), reference, { c1: 0, c2: 0.1, d: 0.1, head: 1 });
    expectRatios(await oneStep((base) => fineTuneTop(base, { classes: 3, blocks: 1, rate: 0.5, optimizer: SGD, seed: 9 })), reference, { c1: 0, c2: 0, d: 0.5, head: 1 });
    expectRatios(await oneStep((base) => fineTuneAll(base, { classes: 3, optimizer: SGD, seed: 9 })), reference, { c1: 0.01, c2: 0.01, d: 0.1, head: 1 });
    expectRatios(await oneStep((base) => fineTuneAll(base, { classes: 3, topBlocks: 2, optimizer: SGD, seed: 9 })), reference, { c1: 0.01, c2: 0.1, d: 0.1, head: 1 });
  });

  test('any rule with a schedule trains every block (RMSProp under cosine decay: the loss falls)', async () => {
    const model = fineTuneAll(cnn(), { classes: 3, seed: 3, optimizer: { type: 'rmsprop', learningRate: 0.01 }, optimizerOptions: { schedule: { type: 'cosine', decaySteps: 4 } } });
    expect(model.optimizer.getClassName()).toBe('DescentRMSprop');
    const history = await model.fit(x, y, { epochs: 4, batchSize: 8, shuffle: false, verbose: 0 });
    expect(history.history.loss[3]).toBeLessThan(history.history.loss[0] as number);
    expect(model.trainableWeights).toHaveLength(8);
    model.dispose();
  });

  test('bad options are DescentErrors naming the argument, and change nothing', () => {
    const base = cnn();
    expect(() => fineTuneTop(base, { classes: 3, blocks: 4 })).toThrow(/fineTuneTop\.blocks = 4 .*\[0, 3\]/);
    expect(() => fineTuneTop(base, { classes: 3, blocks: 1, rate: 0 })).toThrow(/fineTuneTop\.rate/);
    expect(() => fineTuneAll(base, { classes: 3, rest: -1 })).toThrow(/fineTuneAll\.rest/);
    expect(() => fineTuneAll(base, { classes: 3, topBlocks: 1.5 })).toThrow(/fineTuneAll\.topBlocks/);
    expect(() => featureExtraction(base, { classes: 0 })).toThrow(/replaceHead\.classes/);
    expect(() => featureExtraction(base, { classes: 3, optimizerOptions: { groups: [] } as never })).toThrow(/optimizerOptions/);
    expect(() => featureExtraction(base, { classes: 3, optimizer: { type: 'nope' } as never })).toThrow(DescentError);
    expect(base.layers.every((layer) => layer.trainable)).toBe(true);
    base.dispose();
  });
});

describe('the conv filter gradient on the wasm backend', () => {
  const filterGradient = (pad: 'same' | 'valid', strides: number) =>
    tf.tidy(() => {
      const input = tf.tensor4d(Array.from({ length: 2 * 7 * 6 * 3 }, (_, i) => Math.sin(i)), [2, 7, 6, 3]);
      const filter = tf.tensor4d(Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i)), [3, 3, 3, 4]);
      return Array.from(tf.grad((f: tf.Tensor4D) => tf.conv2d(input, f, strides, pad).square().sum())(filter).dataSync());
    });

  test('equals the cpu backend for stride 1, same and valid padding; other strides are refused', async () => {
    registerWasmConvGradient();
    await useBackend('cpu');
    const expected = [filterGradient('same', 1), filterGradient('valid', 1)];
    await useBackend('wasm');
    const [same, valid] = [filterGradient('same', 1), filterGradient('valid', 1)];
    same.forEach((v, i) => expect(v).toBeCloseTo(expected[0][i], 3));
    valid.forEach((v, i) => expect(v).toBeCloseTo(expected[1][i], 3));
    expect(() => filterGradient('same', 2)).toThrow(/conv2d strides/);
    await useBackend('cpu');
  });
});
