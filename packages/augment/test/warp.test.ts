import { Random } from '@descent/core';
import { applyOps, augmentationFromConfig, augmentSample, image, ops, randomAffine, randomPerspective, randomRotation, replaySample, toFloat32 } from '@descent/augment';
import { byteImage, errorOf, floatImage } from './helpers';

describe('rotate and affine', () => {
  test('a 90° turn with expand moves pixels, boxes and keypoints exactly (counter-clockwise)', () => {
    const img = image(Float32Array.from({ length: 15 }, (_, i) => i), [3, 5, 1]); // rows 0‥4, 5‥9, 10‥14
    const out = ops.rotate(img, { angle: 90, expand: true });
    expect([out.height, out.width]).toEqual([5, 3]);
    expect(Array.from(out.data)).toEqual([4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11, 0, 5, 10]); // the right column comes to the top
    const record = { input: [3, 5, 1] as [number, number, number], ops: [{ type: 'rotate' as const, angle: 90, expand: true }] };
    const moved = replaySample(record, { image: img, boxes: [4, 0, 5, 1], keypoints: [4.5, 0.5, 1] });
    expect(Array.from(moved.boxes!)).toEqual([0, 0, 1, 1]);
    expect(Array.from(moved.keypoints!)).toEqual([0.5, 0.5, 1]);
  });

  test('bytes give the float result rounded (the same kernel, stores rounding half to even)', () => {
    const bytes = byteImage(7, 9, 3);
    for (const op of [{ type: 'rotate' as const, angle: 33, interpolation: 'bilinear' as const, fill: 0.4 }, { type: 'affine' as const, angle: -20, translate: [1, 2] as [number, number], scale: 1.1, shear: [5, -7] as [number, number], interpolation: 'bilinear' as const }]) {
      const fromBytes = applyOps(bytes, [op]).data;
      const fromFloats = applyOps(toFloat32(bytes), [op]).data;
      fromFloats.forEach((v, i) => expect(Math.abs(fromBytes[i] - v * 255)).toBeLessThanOrEqual(0.5 + 1e-4));
    }
  });

  test('masks turn with nearest sampling and fill 0, boxes enclose the turned object', () => {
    const data = new Uint8Array(20 * 30);
    for (let y = 5; y < 12; y++) for (let x = 8; x < 20; x++) data[y * 30 + x] = 2;
    const mask = image(data, [20, 30, 1]);
    const random = new Random(4);
    const pipeline = randomAffine({ degrees: 40, translate: [0.1, 0.1], scale: [0.8, 1.2], shear: 10, interpolation: 'bilinear', fill: 0.5 });
    for (let trial = 0; trial < 6; trial++) {
      const { sample, record } = augmentSample(pipeline, { image: floatImage(20, 30, 3), masks: mask, boxes: [8, 5, 20, 12] }, random, { minSize: 0, minArea: 0 });
      expect(new Set(sample.masks!.data)).toEqual(new Set([0, 2])); // no blended ids, no 0.5·255 fill
      const [x0, y0, x1, y1] = sample.boxes!;
      for (let y = 0; y < 20; y++) for (let x = 0; x < 30; x++) if (sample.masks!.data[y * 30 + x] === 2) expect(x + 0.5 > x0 - 0.75 && x + 0.5 < x1 + 0.75 && y + 0.5 > y0 - 0.75 && y + 0.5 < y1 + 0.75).toBe(true);
      expect(record.ops[0].type).toBe('affine');
    }
  });

  test('randomRotation and randomAffine draw torchvision get_params ranges and rebuild from their configs', () => {
    const rotation = randomRotation({ degrees: [10, 20], interpolation: 'bilinear' });
    const affine = randomAffine({ degrees: 15, translate: [0.2, 0.1], scale: [0.9, 1.1], shear: [-5, 5, 0, 3] });
    const random = new Random(2);
    for (let i = 0; i < 50; i++) {
      const [r] = rotation.sample({ height: 10, width: 20, channels: 3 }, random);
      const [a] = affine.sample({ height: 10, width: 20, channels: 3 }, random);
      if (r.type !== 'rotate' || a.type !== 'affine') throw new Error('wrong op');
      expect(r.params.angle).toBeGreaterThanOrEqual(10);
      expect(r.params.angle).toBeLessThanOrEqual(20);
      expect(Math.abs(a.params.angle)).toBeLessThanOrEqual(15);
      expect(Number.isInteger(a.params.translate[0]) && Math.abs(a.params.translate[0]) <= 4 && Math.abs(a.params.translate[1]) <= 1).toBe(true);
      expect(a.params.scale).toBeGreaterThanOrEqual(0.9);
      expect(a.params.shear[1]).toBeGreaterThanOrEqual(0);
      expect(a.params.shear[1]).toBeLessThanOrEqual(3);
    }
    const img = floatImage(10, 20, 3);
    expect(Array.from(augmentationFromConfig(affine.config).apply(img, new Random(9)).data)).toEqual(Array.from(affine.apply(img, new Random(9)).data));
    expect(errorOf(() => randomAffine({ degrees: 10, shear: [95, 100] })).argument).toBe('randomAffine.shear');
    expect(errorOf(() => ops.affine(img, { angle: 0, scale: 0 })).argument).toBe('ops[0](affine).scale');
  });
});

describe('perspective', () => {
  test('the identity quad leaves the image; randomPerspective keeps corners in their torchvision ranges and moves boxes through the homography', () => {
    const img = floatImage(9, 12, 3);
    const corners = [[0, 0], [11, 0], [11, 8], [0, 8]];
    const same = ops.perspective(img, { startpoints: corners, endpoints: corners, interpolation: 'nearest' });
    expect(Array.from(same.data)).toEqual(Array.from(img.data));
    const random = new Random(6);
    const augmentation = randomPerspective({ distortionScale: 0.6, p: 1 });
    for (let i = 0; i < 40; i++) {
      const [op] = augmentation.sample({ height: 9, width: 12, channels: 3 }, random);
      if (op.type !== 'perspective') throw new Error('wrong op');
      const [tl, tr, br, bl] = op.params.endpoints; // dx = trunc(0.6·6) = 3, dy = trunc(0.6·4) = 2
      expect(tl[0] <= 3 && tl[1] <= 2 && tr[0] >= 8 && tr[1] <= 2 && br[0] >= 8 && br[1] >= 6 && bl[0] <= 3 && bl[1] >= 6).toBe(true);
    }
    // a pure shift written as a perspective: boxes and keypoints shift with it
    const record = { input: [9, 12, 3] as [number, number, number], ops: [{ type: 'perspective' as const, startpoints: corners, endpoints: corners.map(([x, y]) => [x + 2, y + 1]) }] };
    const moved = replaySample(record, { image: img, boxes: [1, 1, 4, 5], keypoints: [3, 3, 1, 11, 8, 1] });
    Array.from(moved.boxes!).forEach((v, i) => expect(v).toBeCloseTo([3, 2, 6, 6][i], 9));
    Array.from(moved.keypoints!).forEach((v, i) => expect(v).toBeCloseTo([5, 4, 1, 13, 9, 0][i], 5));
    expect(errorOf(() => ops.perspective(img, { startpoints: corners, endpoints: [[0, 0], [1, 1], [2, 2], [0, 5]] })).argument).toBe('ops[0](perspective).endpoints');
  });
});
