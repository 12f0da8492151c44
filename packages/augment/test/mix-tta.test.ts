import { Random } from '@descent/core';
import {
  augmentFlat,
  averageOverViews,
  computePcaLighting,
  cutMix,
  fiveCrop,
  image,
  imageBatch,
  mixUp,
  oneHot,
  ops,
  randomCrop,
  replayMix,
  symmetricEigen3,
  tenCrop,
} from '@descent/augment';
import { byteImage, errorOf, floatBatch, floatImage } from './helpers';

describe('mixUp and cutMix', () => {
  const batch = floatBatch(5, 6, 7, 3);
  const labels = oneHot([0, 1, 2, 3, 4], 5);

  test('mixUp blends every image and label with its partner by λ', () => {
    const { images, labels: mixed, record } = mixUp({ alpha: 0.4 }).apply(batch, labels, new Random(3));
    const size = 6 * 7 * 3;
    expect(record.permutation.slice().sort()).toEqual([0, 1, 2, 3, 4]);
    for (let i = 0; i < 5; i++) {
      const j = record.permutation[i];
      for (const k of [0, 17, size - 1]) expect(images.data[i * size + k]).toBeCloseTo(record.lambda * batch.data[i * size + k] + (1 - record.lambda) * batch.data[j * size + k], 6);
      const row = Array.from(mixed.subarray(i * 5, i * 5 + 5));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      if (i !== j) expect(row[i]).toBeCloseTo(record.lambda, 6);
    }
  });

  test('λ follows Beta(α, α): mean ½, and small α pushes it to the ends', () => {
    const random = new Random(9);
    const draws = (alpha: number) => Array.from({ length: 1500 }, () => mixUp({ alpha }).apply(batch, labels, random).record.lambda);
    const uniform = draws(1);
    expect(uniform.reduce((a, b) => a + b, 0) / uniform.length).toBeCloseTo(0.5, 1);
    const extreme = draws(0.1).filter((l) => l < 0.05 || l > 0.95).length / 1500;
    expect(extreme).toBeGreaterThan(0.6);
  });

  test('cutMix pastes one box from the partner and weighs labels by the area kept', () => {
    const { images, labels: mixed, record } = cutMix().apply(batch, labels, new Random(4));
    const box = record.box!;
    expect(record.lambda).toBeCloseTo(1 - (box.height * box.width) / 42, 12);
    for (let i = 0; i < 5; i++) {
      const j = record.permutation[i];
      for (let y = 0; y < 6; y++) {
        for (let x = 0; x < 7; x++) {
          const inside = y >= box.top && y < box.top + box.height && x >= box.left && x < box.left + box.width;
          const at = ((y * 7 + x) * 3) + 1;
          expect(images.data[i * 126 + at]).toBe(batch.data[(inside ? j : i) * 126 + at]);
        }
      }
      if (i !== j) expect(mixed[i * 5 + i]).toBeCloseTo(record.lambda, 6);
    }
  });

  test('a record replays on other data; bad labels and records are named', () => {
    const { images, record } = cutMix().apply(batch, labels, new Random(8));
    expect(replayMix(record, batch).images.data).toEqual(images.data);
    const bytes = imageBatch(Uint8Array.from(batch.data, (v) => Math.round(v * 255)), [5, 6, 7, 3]);
    expect(replayMix({ ...record, type: 'mixUp' }, bytes).images.data).toBeInstanceOf(Uint8Array);
    expect(errorOf(() => mixUp().apply(batch, new Float32Array(7), new Random(1))).argument).toBe('labels.length');
    expect(errorOf(() => replayMix({ ...record, permutation: [0, 1] }, batch)).argument).toBe('record');
    expect(errorOf(() => oneHot([0, 5], 5)).argument).toBe('classes[1]');
    expect(errorOf(() => mixUp({ alpha: 0 })).argument).toBe('mixUp.alpha');
  });
});

describe('test-time augmentation', () => {
  const img = floatImage(9, 11, 3);

  test("fiveCrop gives torchvision's corners then centre; tenCrop adds the mirrored image's", () => {
    const five = fiveCrop([4, 5]).apply(img);
    expect([five.count, five.height, five.width]).toEqual([5, 4, 5]);
    const boxes = [[0, 0], [0, 6], [5, 0], [5, 6], [2, 3]];
    boxes.forEach(([top, left], v) => expect(five.data.subarray(v * 60, (v + 1) * 60)).toEqual(ops.crop(img, { top, left, height: 4, width: 5 }).data));
    const ten = tenCrop([4, 5]).apply(img);
    const mirrored = ops.flipLeftRight(img);
    boxes.forEach(([top, left], v) => expect(ten.data.subarray((v + 5) * 60, (v + 6) * 60)).toEqual(ops.crop(mirrored, { top, left, height: 4, width: 5 }).data));
    expect(tenCrop(4, { vertical: true }).views(img)[5][0]).toEqual({ type: 'flipUpDown' });
    expect(errorOf(() => fiveCrop(12).apply(img)).argument).toBe('fiveCrop.size');
  });

  test('averageOverViews is the mean of the function over the views', () => {
    const meanOf = (v: { data: ArrayLike<number> }) => [Array.from(v.data).reduce((a, b) => a + b, 0) / v.data.length, 1];
    const views = tenCrop(7);
    const batch = views.apply(img);
    const expected = Array.from({ length: 10 }, (_, v) => meanOf({ data: batch.data.subarray(v * 147, (v + 1) * 147) })[0]).reduce((a, b) => a + b, 0) / 10;
    const averaged = averageOverViews(meanOf, img, views);
    expect(averaged[0]).toBeCloseTo(expected, 6);
    expect(averaged[1]).toBe(1);
    expect(errorOf(() => averageOverViews((v) => new Float32Array(v.data.length > 0 ? Math.round(v.data[0] * 10) + 1 : 1), img, views)).argument).toMatch(/^predict\(view \d\)\.length$/);
  });
});

describe('augmentFlat, the hook for brain.js trainers', () => {
  test('flat 784 in, augmented flat 784 out, replayable by seed', () => {
    const augment = augmentFlat(randomCrop({ size: 28, padding: 2 }), 28, 28, 1);
    const digit = Array.from({ length: 784 }, (_, i) => ((i * 37) % 100) / 100);
    const a = augment(digit, new Random(1));
    const b = augment(Float32Array.from(digit), new Random(1));
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(784);
    expect(b).toEqual(a);
    expect(errorOf(() => augment(digit.slice(1), new Random(1))).argument).toBe('input.length');
    expect(errorOf(() => augmentFlat(randomCrop({ size: 8 }), 0, 28)).argument).toBe('augmentFlat.shape');
  });
});

describe('PCA lighting from your own data', () => {
  test('computePcaLighting finds the direction pixels vary along', () => {
    const random = new Random(2);
    const direction = [0.6, 0.64, 0.48]; // unit length
    const data = new Float32Array(3 * 2000);
    for (let p = 0; p < 2000; p++) {
      const t = random.nextNormal() * 0.2;
      for (let c = 0; c < 3; c++) data[3 * p + c] = 0.5 + t * direction[c] + random.nextNormal() * 0.01;
    }
    const { eigval, eigvec } = computePcaLighting([image(data.subarray(0, 3000), [20, 50, 3]), image(data.subarray(3000), [25, 40, 3])]);
    expect(eigval[0]).toBeCloseTo(0.04, 2);
    expect(eigval[1]).toBeLessThan(0.0002);
    expect(eigval[0]).toBeGreaterThan(eigval[1]);
    expect(eigval[1]).toBeGreaterThanOrEqual(eigval[2]);
    const first = [0, 1, 2].map((c) => eigvec[c][0]);
    expect(Math.abs(first.reduce((s, v, c) => s + v * direction[c], 0))).toBeCloseTo(1, 3);
    expect(errorOf(() => computePcaLighting(byteImage(4, 4, 1))).argument).toBe('images[0].channels');
  });

  test('symmetricEigen3 diagonalises: A·v = λ·v for every pair', () => {
    const a = [[2, 0.5, -0.3], [0.5, 1, 0.2], [-0.3, 0.2, 0.7]];
    const { eigval, eigvec } = symmetricEigen3(a);
    for (let k = 0; k < 3; k++) {
      for (let r = 0; r < 3; r++) {
        const av = a[r].reduce((s, v, c) => s + v * eigvec[c][k], 0);
        expect(av).toBeCloseTo(eigval[k] * eigvec[r][k], 10);
      }
    }
    expect(eigval[0] + eigval[1] + eigval[2]).toBeCloseTo(3.7, 12);
  });
});
