#!/usr/bin/env node
'use strict';
/**
 * Trains the zoo's `fashion-mnist-cnn` on Fashion-MNIST (Zalando Research, MIT) as Debian's
 * `dataset-fashion-mnist` package installs it (`apt-get install dataset-fashion-mnist`,
 * files in /usr/share/datasets/fashion-mnist), with tfjs 4.22 on the wasm backend and
 * @descent/tfjs's Adam under a cosine schedule, then writes the tfjs LayersModel artifact
 * (model.json + weights.bin), its card (data, accuracy, size, licence, how it was made) and
 * a test fixture of 100 test images to the package. Seeded: initial weights and the
 * shuffle of every epoch.
 *
 *   node packages/zoo/scripts/train-fashion-mnist.js [--epochs 3] [--limit 12000] [--data DIR]
 *
 * (`npm run build` first.) The artifact is committed: users and CI never need the dataset.
 */
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { gunzipSync } = require('node:zlib');
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const { Random } = require('@descent/core');
const { adam, registerWasmConvGradient } = require('@descent/tfjs');

const NAME = 'fashion-mnist-cnn';
const LABELS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const SEED = 2026;
const BATCH = 64;
const packageDir = join(__dirname, '..');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
}

/** An IDX file of Fashion-MNIST (gzip): images as [n, 28, 28] bytes or labels as bytes. */
function readIdx(path, headerBytes) {
  return gunzipSync(readFileSync(path)).subarray(headerBytes);
}

function readSplit(dir, prefix, limit) {
  const images = readIdx(join(dir, `${prefix}-images-idx3-ubyte.gz`), 16);
  const labels = readIdx(join(dir, `${prefix}-labels-idx1-ubyte.gz`), 8);
  const count = Math.min(limit, labels.length);
  return { images: images.subarray(0, count * 784), labels: Array.from(labels.subarray(0, count)), count };
}

const toTensor = (split) => tf.tidy(() => tf.tensor4d(Float32Array.from(split.images, (v) => v / 255), [split.count, 28, 28, 1]));

/**
 * Three conv blocks (3×3 convolution, ReLU, 2×2 max-pool; 8, 16, 32 filters), a 64-unit
 * dense block and a 10-class softmax head. Layer names mark the blocks for transfer.
 */
function buildModel() {
  const init = (i) => tf.initializers.heNormal({ seed: SEED + i });
  const model = tf.sequential({ name: NAME });
  [8, 16, 32].forEach((filters, i) => {
    model.add(tf.layers.conv2d({ name: `block${i + 1}_conv`, filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(i), ...(i === 0 ? { inputShape: [28, 28, 1] } : {}) }));
    model.add(tf.layers.maxPooling2d({ name: `block${i + 1}_pool`, poolSize: 2 }));
  });
  model.add(tf.layers.flatten({ name: 'block4_flatten' }));
  model.add(tf.layers.dense({ name: 'block4_dense', units: 64, activation: 'relu', kernelInitializer: init(3) }));
  model.add(tf.layers.dense({ name: 'head', units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: SEED + 4 }) }));
  return model;
}

function accuracy(model, x, labels) {
  let right = 0;
  for (let start = 0; start < labels.length; start += 1000) {
    const predicted = tf.tidy(() => model.predict(x.slice(start, Math.min(1000, labels.length - start))).argMax(1).dataSync());
    predicted.forEach((p, i) => {
      if (p === labels[start + i]) right++;
    });
  }
  return right / labels.length;
}

/** Writes model.json and weights.bin (the tfjs LayersModel format, without training config). */
async function saveArtifact(model, dir) {
  let saved;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const weightData = Buffer.from(saved.weightData);
  writeFileSync(join(dir, 'weights.bin'), weightData);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }],
  };
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(modelJson)}\n`);
  return weightData.length;
}

async function main() {
  const dataDir = option('data', '/usr/share/datasets/fashion-mnist');
  const epochs = Number(option('epochs', 3));
  const limit = Number(option('limit', 12000));
  registerWasmConvGradient();
  await tf.setBackend('wasm');
  await tf.ready();
  const train = readSplit(dataDir, 'train', limit);
  const test = readSplit(dataDir, 't10k', 10000);
  const trainX = toTensor(train);
  const trainY = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), 10).toFloat());
  const testX = toTensor(test);

  const model = buildModel();
  const steps = epochs * Math.ceil(train.count / BATCH);
  const learningRate = 2e-3;
  model.compile({ optimizer: adam({ learningRate, schedule: { type: 'cosine', decaySteps: steps } }), loss: 'categoricalCrossentropy' });
  const random = new Random(SEED);
  const order = Array.from({ length: train.count }, (_, i) => i);
  const started = Date.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const indices = tf.tensor1d(random.shuffle(order), 'int32');
    const x = tf.gather(trainX, indices);
    const y = tf.gather(trainY, indices);
    const history = await model.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
    tf.dispose([indices, x, y]);
    console.log(`epoch ${epoch + 1}/${epochs}: training loss ${history.history.loss[0].toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const seconds = (Date.now() - started) / 1000;
  const testAccuracy = accuracy(model, testX, test.labels);

  const dir = join(packageDir, 'models', NAME);
  mkdirSync(dir, { recursive: true });
  const weightBytes = await saveArtifact(model, dir);
  const parameters = model.countParams();
  const card = {
    name: NAME,
    architecture: 'conv3x3(8)-relu-maxpool2, conv3x3(16)-relu-maxpool2, conv3x3(32)-relu-maxpool2, flatten, dense(64)-relu, dense(10)-softmax',
    input: 'grayscale 28×28 images, [batch, 28, 28, 1], pixel values in [0, 1] (white object on black, as MNIST)',
    labels: LABELS,
    parameters,
    weightBytes,
    data: {
      name: 'Fashion-MNIST',
      source: 'Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), from https://github.com/zalandoresearch/fashion-mnist',
      licence: 'MIT (Zalando SE)',
      trainImages: train.count,
      testImages: test.count,
    },
    training: {
      script: 'packages/zoo/scripts/train-fashion-mnist.js',
      framework: `TensorFlow.js ${tf.version.tfjs}, ${tf.getBackend()} backend`,
      optimizer: `@descent/tfjs adam, learning rate ${learningRate}, cosine decay over ${steps} steps`,
      epochs,
      batchSize: BATCH,
      seed: SEED,
      seconds: Math.round(seconds),
    },
    testAccuracy: Number(testAccuracy.toFixed(4)),
    licence: 'MIT (the weights, like the project)',
  };
  writeFileSync(join(dir, 'card.json'), `${JSON.stringify(card, null, 2)}\n`);

  const fixture = { source: 'the first 100 images of the Fashion-MNIST test set (t10k), MIT, Zalando SE', labels: test.labels.slice(0, 100), images: Buffer.from(test.images.subarray(0, 100 * 784)).toString('base64') };
  mkdirSync(join(packageDir, 'test', 'fixtures'), { recursive: true });
  writeFileSync(join(packageDir, 'test', 'fixtures', 'fashion-mnist-test-100.json'), `${JSON.stringify(fixture)}\n`);
  console.log(`${NAME}: ${parameters} parameters, ${weightBytes} bytes of weights, test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${test.count} images, ${seconds.toFixed(0)} s`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
