'use strict';
/**
 * augment/<case>: time per image of the ImageNet-style training augmentation — random
 * horizontal flip, randomResizedCrop to 224 × 224, colorJitter(brightness 0.4, contrast
 * 0.4) — on batches of 256 × 256 × 3 images, @descent/augment's typed-array pipeline
 * against the same augmentation written with tf.image ops (per-image boxes through
 * cropAndResize, per-image factors broadcast), on tfjs's wasm and cpu backends, in the
 * same run. Both sides take bytes and return bytes. Value and baseline are ms per
 * image (lower is better), so the target 0.33 means "at least 3× the wasm backend".
 */
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const augment = require('@descent/augment');
const { timePerCall } = require('../timing');

const SIDE = 256;
const OUT = 224;

/** Deterministic bytes for `count` images. */
function pixels(count, seed) {
  const data = new Uint8Array(count * SIDE * SIDE * 3);
  let x = seed >>> 0;
  for (let i = 0; i < data.length; i++) data[i] = (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 24;
  return data;
}

const pipeline = augment.compose([
  augment.randomHorizontalFlip(),
  augment.randomResizedCrop({ size: OUT }),
  augment.colorJitter({ brightness: 0.4, contrast: 0.4 }),
]);

/**
 * The same augmentation with tf.image ops, written to be fast: parameters drawn per image
 * in JS; the boxes cut and resized by one cropAndResize on the raw values, everything
 * after it on the 224 × 224 crops only (flip by mask, brightness and contrast broadcast
 * per image, the mean grey as the weighted per-channel means), bytes back with one cast.
 */
function tfImageAugment(data, count, random) {
  const shape = { height: SIDE, width: SIDE, channels: 3 };
  const flips = [];
  const boxes = [];
  const brightness = [];
  const contrast = [];
  for (let i = 0; i < count; i++) {
    flips.push(random.nextFloat() < 0.5 ? 1 : 0);
    const b = augment.sampleResizedCropBox(shape, [0.08, 1], [3 / 4, 4 / 3], random);
    boxes.push(b.top / (SIDE - 1), b.left / (SIDE - 1), (b.top + b.height - 1) / (SIDE - 1), (b.left + b.width - 1) / (SIDE - 1));
    brightness.push(random.uniform(0.6, 1.4));
    contrast.push(random.uniform(0.6, 1.4));
  }
  const out = tf.tidy(() => {
    const x = tf.tensor4d(data, [count, SIDE, SIDE, 3], 'float32');
    const crops = tf.image.cropAndResize(x, tf.tensor2d(boxes, [count, 4]), tf.range(0, count, 1, 'int32'), [OUT, OUT], 'bilinear').div(255);
    const flip = tf.tensor4d(flips, [count, 1, 1, 1]);
    const flipped = tf.image.flipLeftRight(crops).mul(flip).add(crops.mul(tf.sub(1, flip)));
    const bright = flipped.mul(tf.tensor4d(brightness, [count, 1, 1, 1])).clipByValue(0, 1);
    const c = tf.tensor4d(contrast, [count, 1, 1, 1]);
    const mean = bright.mean([1, 2], true).mul(tf.tensor1d([0.2989, 0.587, 0.114])).sum(-1, true);
    return bright.mul(c).add(mean.mul(tf.sub(1, c))).clipByValue(0, 1).mul(255).round().toInt();
  });
  const bytes = new Uint8Array(out.dataSync());
  out.dispose();
  return bytes;
}

async function run(log) {
  const rows = [];
  const batch = 32;
  const data = pixels(batch, 1);
  const images = augment.imageBatch(data, [batch, SIDE, SIDE, 3]);
  const floats = augment.toFloat32(images);
  const random = new augment.Random(7);
  const ours = timePerCall(() => pipeline.apply(images, random), { rounds: 7, minRoundMs: 200, warmup: 3 }) / batch;
  const oursFloat = timePerCall(() => pipeline.apply(floats, random), { rounds: 5, minRoundMs: 200, warmup: 2 }) / batch;
  log(`@descent/augment: ${ours.toFixed(3)} ms/image (uint8, ${(1000 / ours).toFixed(0)} images/s), ${oursFloat.toFixed(3)} ms/image (float32)`);
  const baselines = {};
  for (const [backend, count, rounds] of [['wasm', batch, 5], ['cpu', 4, 3]]) {
    await tf.setBackend(backend);
    await tf.ready();
    const input = data.subarray(0, count * SIDE * SIDE * 3);
    baselines[backend] = timePerCall(() => tfImageAugment(input, count, random), { rounds, minRoundMs: 200, warmup: 1 }) / count;
    log(`tf.image on tfjs-${backend}: ${baselines[backend].toFixed(3)} ms/image (${(1000 / baselines[backend]).toFixed(0)} images/s)`);
  }
  await tf.setBackend('cpu');
  const name = 'flip-rrc224-jitter';
  rows.push({ name: `augment/${name}-uint8`, unit: 'ms/image', value: ours, baseline: 'tf.image on tfjs-wasm', baselineValue: baselines.wasm, target: 0.33 });
  rows.push({ name: `augment/${name}-uint8-vs-cpu`, unit: 'ms/image', value: ours, baseline: 'tf.image on tfjs-cpu', baselineValue: baselines.cpu, target: 0.33 });
  rows.push({ name: `augment/${name}-float32`, unit: 'ms/image', value: oursFloat, baseline: 'tf.image on tfjs-wasm', baselineValue: baselines.wasm, target: null });
  return rows;
}

module.exports = { run };
