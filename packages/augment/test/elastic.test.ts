import * as tf from '@tensorflow/tfjs';
import { elasticDisplacement, gaussianKernel, Random } from '@descent/core';
import { applyOpToTensor } from '@descent/augment/tfjs';
import { applyOps, augmentationFromConfig, augmentSample, image, ops, randomElastic, replaySample } from '@descent/augment';
import { byteImage, errorOf, floatImage } from './helpers';

/** A constant displacement of (sx, sy) pixels on an h × w image, in grid units. */
function shift(height: number, width: number, sx: number, sy: number): number[] {
  return Array.from({ length: height * width * 2 }, (_, k) => (k % 2 === 0 ? (2 * sx) / width : (2 * sy) / height));
}

describe('elastic', () => {
  test('a constant displacement of whole pixels shifts the picture, filling what comes from outside', () => {
    const img = image(Float32Array.from({ length: 12 }, (_, i) => i), [3, 4, 1]);
    const out = ops.elastic(img, { displacement: shift(3, 4, 1, 0), fill: 0.5 });
    expect(Array.from(out.data)).toEqual([1, 2, 3, 0.5, 5, 6, 7, 0.5, 9, 10, 11, 0.5]); // output (i, j) reads input (i, j + 1)
    const nearest = ops.elastic(img, { displacement: shift(3, 4, 0, -1), interpolation: 'nearest' });
    expect(Array.from(nearest.data)).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('a half-pixel displacement averages neighbours (bilinear), and bytes round the float result', () => {
    const img = image(Float32Array.from([0, 1, 0.5, 0.25]), [1, 4, 1]);
    const out = ops.elastic(img, { displacement: shift(1, 4, 0.5, 0) });
    expect(Array.from(out.data)).toEqual([0.5, 0.75, 0.375, 0.0625]); // the last half outside: S·m = (0.25·½)·½, torchvision's fill rule
    const bytes = byteImage(6, 7, 3);
    const displacement = elasticDisplacement({ height: 6, width: 7, channels: 3 }, [20, 20], [1, 1], new Random(3));
    const fromBytes = applyOps(bytes, [{ type: 'elastic', displacement }]).data;
    const fromFloats = applyOps(image(Float32Array.from(bytes.data, (v) => v / 255), [6, 7, 3]), [{ type: 'elastic', displacement }]).data;
    fromFloats.forEach((v, i) => expect(Math.abs(fromBytes[i] - v * 255)).toBeLessThanOrEqual(0.5 + 1e-4));
  });

  test('the displacement must hold (dx, dy) for every pixel', () => {
    expect(errorOf(() => ops.elastic(floatImage(3, 4, 3), { displacement: shift(3, 3, 0, 0) })).message).toMatch(/displacement\.length.*24/);
    expect(errorOf(() => ops.elastic(floatImage(3, 4, 3), { displacement: [0, NaN] })).message).toMatch(/displacement/);
  });

  test('randomElastic draws torchvision v2 ElasticTransform\'s field: uniform, blurred, scaled by alpha over the side', () => {
    const side = 60;
    const d = elasticDisplacement({ height: side, width: side, channels: 3 }, [50, 50], [5, 5], new Random(9));
    const random = new Random(9);
    const dx = Float64Array.from({ length: side * side }, () => random.nextFloat() * 2 - 1);
    const k = gaussianKernel(41, 5); // ⌊8·5 + 1⌋ = 41
    let centre = 0; // pixel (30, 30) is 20 from nothing beyond the edge: a plain separable sum
    for (let a = 0; a < 41; a++) for (let b = 0; b < 41; b++) centre += k[a] * k[b] * dx[(10 + a) * side + 10 + b];
    expect(d[(30 * side + 30) * 2]).toBeCloseTo((centre * 50) / side, 6);
    expect(Math.max(...d.map(Math.abs))).toBeLessThan(50 / side);
  });

  test('randomElastic records its field as plain JSON, and the record replays exactly with masks and keypoints', () => {
    const random = new Random(2);
    const pipeline = augmentationFromConfig({ type: 'randomElastic', alpha: 30, sigma: 3 });
    const mask = image(Uint8Array.from({ length: 20 * 24 }, (_, i) => (i % 24 > 8 && i % 24 < 16 ? 3 : 0)), [20, 24, 1]);
    const keypoints = [4.2, 3.7, 1, 23.5, 19.5, 1];
    const { sample, record } = augmentSample(pipeline, { image: floatImage(20, 24, 3), masks: mask, keypoints }, random);
    const again = replaySample(JSON.parse(JSON.stringify(record)), { image: floatImage(20, 24, 3), masks: mask, keypoints });
    expect(Array.from(again.image.data)).toEqual(Array.from(sample.image.data));
    expect(new Set(sample.masks!.data)).toEqual(new Set([0, 3])); // nearest: no blended ids
    const op = record.ops[0] as { type: string; displacement: number[] };
    expect(op.type).toBe('elastic');
    // torchvision v2: (x, y) → (X − dx·w/2, Y − dy·h/2) at (X, Y) = (⌈x⌉, ⌈y⌉) clamped to the pixel indices
    const at = (X: number, Y: number) => [X - (op.displacement[(Y * 24 + X) * 2] * 24) / 2, Y - (op.displacement[(Y * 24 + X) * 2 + 1] * 20) / 2];
    const [x0, y0] = at(5, 4);
    const [x1, y1] = at(23, 19);
    expect(Array.from(sample.keypoints!)).toEqual(Array.from(Float32Array.from([x0, y0, 1, x1, y1, x1 < 24 && y1 < 20 ? 1 : 0])));
  });

  test('the tensor path samples the same field as the typed arrays (bilinear and nearest, with a fill)', () => {
    const img = floatImage(9, 11, 3, 7);
    const displacement = Array.from(elasticDisplacement(img, [40, 40], [2, 2], new Random(5)));
    for (const interpolation of ['bilinear', 'nearest'] as const) {
      const op = { type: 'elastic' as const, displacement, interpolation, fill: 0.4 };
      const typed = applyOps(img, [op]).data;
      const tensor = tf.tidy(() => applyOpToTensor(tf.tensor4d(img.data, [1, 9, 11, 3]), op).dataSync());
      expect(Math.max(...Array.from(typed, (v, i) => Math.abs(v - tensor[i])))).toBeLessThan(1e-6);
      expect(typed.filter((v) => v === Math.fround(0.4)).length).toBeGreaterThan(0); // some pixels came from outside
    }
  });

  test('randomElastic checks its options', () => {
    expect(errorOf(() => randomElastic({ sigma: [5, 0] })).message).toMatch(/sigma/);
    expect(errorOf(() => randomElastic({ alpha: -1 })).message).toMatch(/alpha/);
  });
});
