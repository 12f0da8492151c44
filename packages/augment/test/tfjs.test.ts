import * as tf from '@tensorflow/tfjs';
import { describeConformance } from '@descent/conformance/jest';
import { Random, type AugmentOpConfig } from '@descent/core';
import {
  applyOps,
  averageOverViews,
  colorJitter,
  compose,
  imageBatch,
  pcaLighting,
  randomCrop,
  randomErasing,
  randomHorizontalFlip,
  randomResizedCrop,
  tenCrop,
  type Image,
} from '@descent/augment';
import { createTarget } from '@descent/augment/conformance';
import { applyOpsToTensor, augmentationLayer, augmentDataset, augmentTensor, augmentTensorWithRecord, AugmentationLayer, predictOverViews } from '@descent/augment/tfjs';
import { errorOf, floatBatch, floatImage } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tensorOf = (img: Image) => tf.tensor4d(img.data as Float32Array, [(img as { count?: number }).count ?? 1, img.height, img.width, img.channels]);
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

// Every committed torchvision case, run with tfjs ops on the cpu backend.
describeConformance(() => createTarget('augment-tfjs'), 'descent-augment/1');

describe('tfjs tensors', () => {
  test('tensor ops give the typed-array numbers: geometry exactly, colour within float rounding', () => {
    const batch = floatBatch(2, 13, 11, 3, 7);
    const geometry: AugmentOpConfig[] = [
      { type: 'flipLeftRight' },
      { type: 'resizedCrop', top: -2, left: 3, height: 9, width: 10, outHeight: 12, outWidth: 7 },
      { type: 'pad', padding: { left: 2, top: 0, right: 1, bottom: 3 }, mode: 'symmetric' },
      { type: 'pad', padding: { left: 1, top: 1, right: 1, bottom: 1 }, value: 0.4 },
      { type: 'resize', height: 6, width: 9, interpolation: 'nearest' },
    ];
    const colour: AugmentOpConfig[] = [
      { type: 'adjustContrast', factor: 1.4 },
      { type: 'adjustSaturation', factor: 0.3 },
      { type: 'adjustHue', factor: -0.27 },
      { type: 'adjustBrightness', factor: 1.2 },
      { type: 'pcaLighting', alphas: [0.1, -0.2, 0.05] },
      { type: 'erase', top: 1, left: 2, height: 3, width: 2, noiseSeed: 3 },
      { type: 'normalize', mean: [0.4, 0.5, 0.6], std: [0.2, 0.3, 0.25] },
      { type: 'grayscale', channels: 1 },
    ];
    const x = tensorOf(batch);
    const fromTensors = applyOpsToTensor(x, geometry);
    expect(maxDifference(fromTensors.dataSync(), applyOps(batch, geometry).data)).toBe(0);
    const both = [...geometry, ...colour];
    const all = applyOpsToTensor(x, both);
    expect(all.shape).toEqual([2, 6, 9, 1]);
    expect(maxDifference(all.dataSync(), applyOps(batch, both).data)).toBeLessThan(1e-5);
    tf.dispose([x, fromTensors, all]);
  });

  test('per-image augmentation of a batch tensor draws what the typed-array path draws', () => {
    const pipeline = compose([randomResizedCrop({ size: 8 }), randomHorizontalFlip(), colorJitter({ brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.05 }), randomErasing({ p: 0.5 })]);
    const batch = floatBatch(4, 12, 14, 3, 2);
    const x = tensorOf(batch);
    const { output, records } = augmentTensorWithRecord(pipeline, x, new Random(21));
    const typed = pipeline.applyWithRecord(batch, new Random(21));
    expect(records).toEqual(typed.records);
    expect(output.shape).toEqual([4, 8, 8, 3]);
    expect(maxDifference(output.dataSync(), typed.output.data)).toBeLessThan(1e-5);
    tf.dispose([x, output]);
  });

  test('no tensor is leaked', () => {
    const x = tensorOf(floatBatch(2, 10, 10, 3));
    const before = tf.memory().numTensors;
    const outputs = [
      applyOpsToTensor(x, [{ type: 'adjustHue', factor: 0.2 }, { type: 'pad', padding: { left: 1, top: 1, right: 1, bottom: 1 }, value: 0.5 }]),
      augmentTensor(compose([randomCrop({ size: 6 }), pcaLighting()]), x, new Random(1)),
      predictOverViews({ predict: (v) => tf.mean(v, [1, 2]) }, x, tenCrop(8)),
    ];
    expect(tf.memory().numTensors).toBe(before + outputs.length);
    tf.dispose([x, ...outputs]);
  });

  test('bad tensors are named', () => {
    const ints = tf.zeros([1, 2, 2, 3], 'int32') as tf.Tensor4D;
    expect(errorOf(() => applyOpsToTensor(ints, [])).argument).toBe('x.dtype');
    expect(errorOf(() => applyOpsToTensor(tf.zeros([2, 2, 3]) as unknown as tf.Tensor4D, [])).argument).toBe('x');
    expect(errorOf(() => applyOpsToTensor(tf.zeros([1, 2, 2, 2]) as tf.Tensor4D, [{ type: 'adjustHue', factor: 0.1 }])).argument).toBe('ops[0](adjustHue): image channels');
  });
});

describe('the augmentation layer', () => {
  const pipeline = compose([randomCrop({ size: 10, padding: 2 }), randomHorizontalFlip(), randomErasing({ p: 1 })]);

  test('augments only when training', () => {
    const layer = augmentationLayer({ augmentation: pipeline, seed: 4, inputShape: [10, 10, 3] });
    const x = tensorOf(floatBatch(3, 10, 10, 3));
    const inference = layer.apply(x) as tf.Tensor;
    expect(inference.dataSync()).toEqual(x.dataSync());
    const training = layer.apply(x, { training: true }) as tf.Tensor;
    expect(training.dataSync()).toEqual(augmentTensor(pipeline, x, new Random(4)).dataSync());
    expect(maxDifference(training.dataSync(), x.dataSync())).toBeGreaterThan(0.1);
  });

  test('a pipeline that resizes gives, at inference, the centred window resized to the output size', () => {
    const layer = augmentationLayer({ augmentation: randomResizedCrop({ size: [6, 8] }), inputShape: [9, 16, 1] });
    expect(layer.computeOutputShape([null, 9, 16, 1])).toEqual([null, 6, 8, 1]);
    const img = floatImage(9, 16, 1);
    const out = layer.apply(tensorOf(img)) as tf.Tensor;
    // scale = min(9/6, 16/8) = 1.5: a 9 × 12 window centred at column 2.
    expect(out.dataSync()).toEqual(applyOps(img, [{ type: 'resizedCrop', top: 0, left: 2, height: 9, width: 12, outHeight: 6, outWidth: 8 }]).data);
  });

  test('fit augments (it consumes draws) and the model saves and loads with the layer', async () => {
    const model = tf.sequential({
      layers: [augmentationLayer({ augmentation: pipeline, seed: 9, inputShape: [10, 10, 3] }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })],
    });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const x = tensorOf(floatBatch(4, 10, 10, 3));
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    await model.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
    const trained = model.layers[0] as AugmentationLayer;
    const fresh = augmentationLayer({ augmentation: pipeline, seed: 9 });
    expect((trained.apply(x, { training: true }) as tf.Tensor).dataSync()).not.toEqual((fresh.apply(x, { training: true }) as tf.Tensor).dataSync());

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const layer = loaded.layers[0] as AugmentationLayer;
    expect(layer).toBeInstanceOf(AugmentationLayer);
    expect(layer.augmentation.config).toEqual(pipeline.config);
    expect(layer.seed).toBe(9);
    expect((loaded.predict(x) as tf.Tensor).dataSync()).toEqual((model.predict(x) as tf.Tensor).dataSync());
  });
});

describe('tf.data and test-time augmentation', () => {
  test('augmentDataset maps images and { xs, ys } elements with per-image draws', async () => {
    const images = [floatImage(8, 8, 3, 1), floatImage(8, 8, 3, 2)];
    const augmentation = randomCrop({ size: 6 });
    const plain = await tf.data.array(images.map((img) => tf.tensor3d(img.data as Float32Array, [8, 8, 3]))).map(augmentDataset(augmentation, { seed: 3 })).toArray();
    const expected = augmentation.apply(imageBatch(Float32Array.from([...images[0].data, ...images[1].data]), [2, 8, 8, 3]), new Random(3));
    expect(plain.map((t) => t.shape)).toEqual([[6, 6, 3], [6, 6, 3]]);
    expect(Float32Array.from([...plain[0].dataSync(), ...plain[1].dataSync()])).toEqual(expected.data);
    const labelled = await tf.data.array([{ xs: tf.tensor3d(images[0].data as Float32Array, [8, 8, 3]), ys: tf.tensor1d([1, 0]) }]).map(augmentDataset(augmentation)).toArray();
    expect((labelled[0] as { xs: tf.Tensor }).xs.shape).toEqual([6, 6, 3]);
    expect(errorOf(() => augmentDataset(augmentation)({ image: tf.zeros([8, 8, 3]) })).argument).toBe('element');
  });

  test('predictOverViews averages a model over the views, like averageOverViews', () => {
    const model = tf.sequential({ layers: [tf.layers.globalAveragePooling2d({ inputShape: [7, 7, 3] }), tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
    const img = floatImage(9, 10, 3, 5);
    const views = tenCrop(7);
    const fromTensors = predictOverViews(model, tensorOf(img), views);
    const fromTyped = averageOverViews((view) => (model.predict(tensorOf(view)) as tf.Tensor).dataSync(), img, views);
    expect(fromTensors.shape).toEqual([1, 4]);
    expect(maxDifference(fromTensors.dataSync(), fromTyped)).toBeLessThan(1e-6);
  });
});
