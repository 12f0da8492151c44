'use strict';
/**
 * augment-detection/<case>: time per sample of a detection augmentation — randomResizedCrop
 * (scale [0.3, 1]) back to 512 × 512, random horizontal flip, colorJitter(brightness 0.4,
 * contrast 0.4) — on a 512 × 512 × 3 byte image with a 512 × 512 class-id mask and 20 boxes
 * with labels: @descent/augment's augmentSample (boxes clipped and dropped, mask nearest)
 * against the same written with tf.image ops (cropAndResize of the image bilinear and the
 * mask nearest, flips by mask, brightness and contrast broadcast; boxes moved and dropped in
 * plain JS) on tfjs's wasm backend, in the same run. Both take and return bytes. Value and
 * baseline are ms per sample (lower is better). And augment-detection/randaugment-224:
 * torchvision's RandAugment (2 ops at bin 9) on a 224 × 224 × 3 byte image, against the same
 * drawn ops run with tf.image and tf ops on tfjs-wasm (see tfOp).
 */
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const augment = require('@descent/augment');
const { timePerCall } = require('../timing');

const SIDE = 512;

/** Deterministic bytes. */
function bytes(length, seed, modulo = 256) {
  const data = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < data.length; i++) data[i] = ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 24) % modulo;
  return data;
}

/** 20 boxes spread over the image, xyxy pixels, and their labels. */
function boxes() {
  const list = [];
  for (let k = 0; k < 20; k++) {
    const x = (k % 5) * 100 + 6;
    const y = Math.floor(k / 5) * 120 + 10;
    list.push(x, y, x + 60 + (k % 3) * 10, y + 80);
  }
  return { boxes: list, labels: Int32Array.from({ length: 20 }, (_, k) => k % 7) };
}

const pipeline = augment.compose([
  augment.randomResizedCrop({ size: SIDE, scale: [0.3, 1] }),
  augment.randomHorizontalFlip(),
  augment.colorJitter({ brightness: 0.4, contrast: 0.4 }),
]);

/** The same augmentation with tf.image ops; boxes in plain JS. */
function tfImageSample(image, mask, targets, random) {
  const shape = { height: SIDE, width: SIDE, channels: 3 };
  const b = augment.sampleResizedCropBox(shape, [0.3, 1], [3 / 4, 4 / 3], random);
  const flip = random.nextFloat() < 0.5;
  const brightness = random.uniform(0.6, 1.4);
  const contrast = random.uniform(0.6, 1.4);
  const box = [[b.top / (SIDE - 1), b.left / (SIDE - 1), (b.top + b.height - 1) / (SIDE - 1), (b.left + b.width - 1) / (SIDE - 1)]];
  const [outImage, outMask] = tf.tidy(() => {
    const crop = (x, method) => tf.image.cropAndResize(x, tf.tensor2d(box), tf.tensor1d([0], 'int32'), [SIDE, SIDE], method);
    let img = crop(tf.tensor4d(image, [1, SIDE, SIDE, 3], 'float32'), 'bilinear').div(255);
    let m = crop(tf.tensor4d(mask, [1, SIDE, SIDE, 1], 'float32'), 'nearest');
    if (flip) {
      img = tf.image.flipLeftRight(img);
      m = tf.image.flipLeftRight(m);
    }
    const bright = img.mul(brightness).clipByValue(0, 1);
    const mean = bright.mean([1, 2], true).mul(tf.tensor1d([0.2989, 0.587, 0.114])).sum(-1, true);
    return [bright.mul(contrast).add(mean.mul(1 - contrast)).clipByValue(0, 1).mul(255).round().toInt(), m.toInt()];
  });
  const pixels = new Uint8Array(outImage.dataSync());
  const classes = new Uint8Array(outMask.dataSync());
  tf.dispose([outImage, outMask]);
  const sx = SIDE / b.width;
  const sy = SIDE / b.height;
  const kept = [];
  const labels = [];
  for (let k = 0; k < targets.boxes.length; k += 4) {
    let [x0, y0, x1, y1] = [(targets.boxes[k] - b.left) * sx, (targets.boxes[k + 1] - b.top) * sy, (targets.boxes[k + 2] - b.left) * sx, (targets.boxes[k + 3] - b.top) * sy];
    if (flip) [x0, x1] = [SIDE - x1, SIDE - x0];
    [x0, y0, x1, y1] = [x0, y0, x1, y1].map((v) => Math.min(SIDE, Math.max(0, v)));
    if (x1 - x0 >= 1 && y1 - y0 >= 1) {
      kept.push(x0, y0, x1, y1);
      labels.push(targets.labels[k / 4]);
    }
  }
  return { pixels, classes, boxes: Float32Array.from(kept), labels };
}

async function run(log) {
  const image = augment.image(bytes(SIDE * SIDE * 3, 1), [SIDE, SIDE, 3]);
  const masks = augment.image(bytes(SIDE * SIDE, 2, 5), [SIDE, SIDE, 1]);
  const targets = boxes();
  const sample = { image, masks, ...targets };
  const random = new augment.Random(7);
  const ours = timePerCall(() => augment.augmentSample(pipeline, sample, random), { rounds: 7, minRoundMs: 300, warmup: 3 });
  log(`@descent/augment augmentSample: ${ours.toFixed(3)} ms/sample (${(1000 / ours).toFixed(0)} samples/s)`);
  await tf.setBackend('wasm');
  await tf.ready();
  const baseline = timePerCall(() => tfImageSample(image.data, masks.data, targets, random), { rounds: 5, minRoundMs: 300, warmup: 2 });
  log(`tf.image on tfjs-wasm (boxes in JS): ${baseline.toFixed(3)} ms/sample`);
  await tf.setBackend('cpu');
  return [{ name: 'augment-detection/rrc512-flip-jitter-mask-20-boxes', unit: 'ms/sample', value: ours, baseline: 'tf.image on tfjs-wasm', baselineValue: baseline, target: 0.33 }];
}

/**
 * One RandAugment op on a [1, h, w, 3] float tensor with tf.image and tf ops (the same op
 * configs @descent/augment draws): affine maps and rotations through tf.image.transform's
 * projective map (output to input, pixel centres at integers), colour ops as blends, the
 * 8-bit-level ops with round and floor; equalize, which tf.image lacks, through a histogram
 * read back to JS.
 */
function tfOp(x, op, height, width) {
  const grey = (t) => t.mul(tf.tensor1d([0.2989, 0.587, 0.114])).sum(-1, true);
  const blend = (a, b, f) => a.mul(f).add(b.mul(1 - f)).clipByValue(0, 1);
  switch (op.type) {
    case 'affine':
    case 'rotate': {
      const warp = require('@descent/core').augmentWarp(op, { height, width, channels: 3 });
      const [a, b, c, d, e, f] = warp.inverse;
      return tf.image.transform(x, tf.tensor2d([[a, b, c, d, e, f, 0, 0]]), 'nearest', 'constant', 0);
    }
    case 'adjustBrightness':
      return x.mul(op.params.factor).clipByValue(0, 1);
    case 'adjustSaturation':
      return blend(x, grey(x), op.params.factor);
    case 'adjustContrast':
      return blend(x, grey(x).mean([1, 2], true), op.params.factor);
    case 'adjustSharpness': {
      const kernel = tf.tile(tf.tensor4d([1, 1, 1, 1, 5, 1, 1, 1, 1].map((v) => v / 13), [3, 3, 1, 1]), [1, 1, 3, 1]);
      const inside = tf.pad(tf.ones([1, height - 2, width - 2, 1]), [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const smooth = tf.pad(tf.depthwiseConv2d(x, kernel, 1, 'valid'), [[0, 0], [1, 1], [1, 1], [0, 0]]).mul(inside).add(x.mul(tf.sub(1, inside)));
      return blend(x, smooth, op.params.factor);
    }
    case 'posterize': {
      const step = 2 ** (8 - op.params.bits);
      return x.mul(255).round().div(step).floor().mul(step).div(255);
    }
    case 'solarize':
      return tf.where(x.greaterEqual(op.params.threshold), tf.sub(1, x), x);
    case 'autocontrast': {
      const lo = x.min([1, 2], true);
      const hi = x.max([1, 2], true);
      return x.sub(lo).div(hi.sub(lo).maximum(1e-12)).clipByValue(0, 1);
    }
    case 'equalize': {
      const levels = x.mul(255).round().toInt();
      const data = levels.dataSync();
      const table = new Float32Array(3 * 256);
      for (let ch = 0; ch < 3; ch++) {
        const histogram = new Float64Array(256);
        for (let i = ch; i < data.length; i += 3) histogram[data[i]]++;
        const lut = require('@descent/core').equalizeTable(histogram);
        for (let v = 0; v < 256; v++) table[ch * 256 + v] = (lut === null ? v : lut[v]) / 255;
      }
      return tf.gather(tf.tensor1d(table), levels.add(tf.tensor1d([0, 256, 512], 'int32')).reshape([-1])).reshape(x.shape);
    }
    default:
      throw new Error(`no tf version of ${op.type}`);
  }
}

async function runRandAugment(log) {
  const SIZE = 224;
  const image = augment.image(bytes(SIZE * SIZE * 3, 3), [SIZE, SIZE, 3]);
  const policy = augment.randAugment();
  const random = new augment.Random(11);
  const ours = timePerCall(() => policy.apply(image, random), { rounds: 7, minRoundMs: 300, warmup: 5 });
  log(`@descent/augment randAugment: ${ours.toFixed(3)} ms/image`);
  await tf.setBackend('wasm');
  await tf.ready();
  const baseline = timePerCall(() => {
    const ops = policy.sample({ height: SIZE, width: SIZE, channels: 3 }, random);
    const out = tf.tidy(() => ops.reduce((x, op) => tfOp(x, op, SIZE, SIZE), tf.tensor4d(image.data, [1, SIZE, SIZE, 3], 'float32').div(255)).mul(255).round().toInt());
    const result = new Uint8Array(out.dataSync());
    out.dispose();
    return result;
  }, { rounds: 5, minRoundMs: 300, warmup: 5 });
  log(`tf.image and tf ops on tfjs-wasm: ${baseline.toFixed(3)} ms/image`);
  await tf.setBackend('cpu');
  return { name: 'augment-detection/randaugment-224', unit: 'ms/image', value: ours, baseline: 'tf.image/tf ops on tfjs-wasm', baselineValue: baseline, target: 0.33 };
}

module.exports = {
  async run(log) {
    return [...(await run(log)), await runRandAugment(log)];
  },
};
