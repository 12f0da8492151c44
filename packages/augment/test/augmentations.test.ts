import { DescentError, Random } from '@descent/core';
import {
  applyOps,
  augmentationFromConfig,
  centerCrop,
  colorJitter,
  compose,
  grayscale,
  image,
  normalize,
  oneOf,
  pad,
  pcaLighting,
  randomApply,
  randomCrop,
  randomErasing,
  randomGrayscale,
  randomHorizontalFlip,
  randomResizedCrop,
  randomVerticalFlip,
  replay,
  resize,
  sampleResizedCropBox,
  type Augmentation,
} from '@descent/augment';
import { byteImage, errorOf, floatBatch, floatImage } from './helpers';

const shape = { height: 40, width: 60, channels: 3 };
const sampleMany = (augmentation: Augmentation, count: number, seed = 1, s = shape) => {
  const random = new Random(seed);
  return Array.from({ length: count }, () => augmentation.sample(s, random));
};

describe('random augmentations', () => {
  test('a seed fixes the output and the records; another seed changes them', () => {
    const pipeline = compose([randomResizedCrop({ size: 16 }), randomHorizontalFlip(), colorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 })]);
    const img = byteImage(30, 40, 3);
    const a = pipeline.applyWithRecord(img, new Random(5));
    const b = pipeline.applyWithRecord(img, new Random(5));
    const c = pipeline.applyWithRecord(img, new Random(6));
    expect(b.output.data).toEqual(a.output.data);
    expect(b.records).toEqual(a.records);
    expect(c.records).not.toEqual(a.records);
    expect([a.output.height, a.output.width, a.output.channels]).toEqual([16, 16, 3]);
  });

  test('records are plain JSON and replay the very same output, on the same or aligned data', () => {
    const pipeline = compose([randomCrop({ size: 20, padding: 3, paddingMode: 'reflect' }), randomVerticalFlip(), randomErasing({ p: 1, value: 'random' }), colorJitter({ brightness: 0.5 })]);
    const batch = floatBatch(4, 24, 26, 3);
    const { output, records } = pipeline.applyWithRecord(batch, new Random(11));
    const restored = JSON.parse(JSON.stringify(records));
    expect(replay(restored, batch).data).toEqual(output.data);
    // A 1-channel mask of the same size follows the geometry only.
    const mask = floatBatch(4, 24, 26, 1, 2);
    const moved = replay(restored, mask, { ops: 'geometry' });
    for (let i = 0; i < 4; i++) {
      const geometryOnly = restored[i].ops.filter((op: { type: string }) => ['crop', 'pad', 'flipUpDown'].includes(op.type));
      const one = image(mask.data.slice(i * 624, (i + 1) * 624), [24, 26, 1]);
      expect(moved.data.subarray(i * 400, (i + 1) * 400)).toEqual(applyOps(one, geometryOnly).data);
    }
    expect(errorOf(() => replay(restored.slice(1), batch)).argument).toBe('records.length');
    expect(errorOf(() => replay(restored, floatBatch(4, 24, 25, 3))).argument).toBe('records[0].input');
  });

  test('configs rebuild the same augmentation', () => {
    const pipeline = compose([
      randomApply([randomResizedCrop({ size: [12, 10], scale: [0.3, 1], interpolation: 'nearest' })], { p: 0.7 }),
      oneOf([randomGrayscale({ p: 1 }), pcaLighting({ alphaStd: 0.2 })], { weights: [1, 3] }),
      resize({ size: 14 }),
      centerCrop({ size: 12 }),
      pad({ padding: [1, 2], fill: 0.5 }),
      normalize({ mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.2] }),
    ]);
    const rebuilt = augmentationFromConfig(JSON.parse(JSON.stringify(pipeline.config)));
    const img = floatImage(20, 24, 3);
    expect(rebuilt.config).toEqual(pipeline.config);
    for (let seed = 0; seed < 5; seed++) expect(rebuilt.apply(img, new Random(seed)).data).toEqual(pipeline.apply(img, new Random(seed)).data);
    expect(errorOf(() => augmentationFromConfig({ type: 'twirl' })).argument).toBe('augmentation.type');
    expect(errorOf(() => augmentationFromConfig({ type: 'compose', augmentations: [{ type: 'randomCrop' }] })).argument).toBe('randomCrop.size');
  });

  test('flips happen with probability p', () => {
    const flips = sampleMany(randomHorizontalFlip({ p: 0.3 }), 4000).filter((ops) => ops.length === 1);
    expect(flips.length / 4000).toBeGreaterThan(0.27);
    expect(flips.length / 4000).toBeLessThan(0.33);
    expect(flips[0][0].type).toBe('flipLeftRight');
    expect(sampleMany(randomVerticalFlip({ p: 0 }), 50).flat()).toEqual([]);
    expect(sampleMany(randomVerticalFlip({ p: 1 }), 50).every((ops) => ops[0].type === 'flipUpDown')).toBe(true);
  });

  test('randomCrop pads, then picks every offset uniformly', () => {
    const seen = new Set<string>();
    for (const ops of sampleMany(randomCrop({ size: [40, 60], padding: [2, 1] }), 3000)) {
      expect(ops[0]).toMatchObject({ type: 'pad', params: { padding: { left: 2, top: 1, right: 2, bottom: 1 } } });
      const { top, left, height, width } = ops[1].params as { top: number; left: number; height: number; width: number };
      expect([height, width]).toEqual([40, 60]);
      seen.add(`${top},${left}`);
    }
    expect(seen.size).toBe(3 * 5);
    const taller = sampleMany(randomCrop({ size: 50, padIfNeeded: true }), 1)[0];
    expect(taller.map((op) => op.type)).toEqual(['pad', 'crop']);
    expect(taller[0].params).toMatchObject({ padding: { left: 0, top: 10, right: 0, bottom: 10 } }); // torchvision pads the shortfall on both sides
    const bigger = sampleMany(randomCrop({ size: [45, 70], padIfNeeded: true, paddingMode: 'edge' }), 1)[0];
    expect(bigger.map((op) => op.params)).toMatchObject([{ padding: { left: 10, right: 10, top: 0 } }, { padding: { top: 5, bottom: 5, left: 0 } }, { height: 45, width: 70 }]);
    expect(errorOf(() => randomCrop({ size: 50 }).apply(floatImage(40, 60, 3), new Random(1))).argument).toBe('randomCrop.size');
  });

  test("randomResizedCrop keeps area and ratio in range and falls back to torchvision's centre crop", () => {
    for (const ops of sampleMany(randomResizedCrop({ size: 8, scale: [0.2, 0.5], ratio: [0.5, 2] }), 2000)) {
      const { top, left, height, width, outHeight, outWidth } = ops[0].params as Record<string, number>;
      expect([outHeight, outWidth]).toEqual([8, 8]);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(left + width).toBeLessThanOrEqual(60);
      expect(top + height).toBeLessThanOrEqual(40);
      const area = (height * width) / 2400;
      expect(area).toBeGreaterThan(0.17); // rounding to whole pixels moves the area slightly
      expect(area).toBeLessThan(0.54);
      expect(width / height).toBeGreaterThan(0.45);
      expect(width / height).toBeLessThan(2.2);
    }
    // No window of ratio ≥ 10 fits: the centre crop of full width and height round(60/10) (Python rounding).
    expect(sampleResizedCropBox(shape, [0.9, 1], [10, 20], new Random(3))).toEqual({ top: 17, left: 0, height: 6, width: 60 });
    expect(sampleResizedCropBox({ height: 10, width: 10, channels: 1 }, [0.99, 1], [0.01, 0.02], new Random(3))).toEqual({ top: 0, left: 4, height: 10, width: 1 });
  });

  test('colorJitter draws each factor in its range, in every order', () => {
    const orders = new Set<string>();
    for (const ops of sampleMany(colorJitter({ brightness: 0.5, contrast: [0.8, 0.9], saturation: 0.2, hue: 0.1 }), 1500)) {
      orders.add(ops.map((op) => op.type).join());
      const factor = (type: string) => (ops.find((op) => op.type === type)!.params as { factor: number }).factor;
      expect(factor('adjustBrightness')).toBeGreaterThanOrEqual(0.5);
      expect(factor('adjustBrightness')).toBeLessThan(1.5);
      expect(factor('adjustContrast')).toBeGreaterThanOrEqual(0.8);
      expect(factor('adjustContrast')).toBeLessThan(0.9);
      expect(Math.abs(factor('adjustHue'))).toBeLessThanOrEqual(0.1);
    }
    expect(orders.size).toBe(24);
    expect(sampleMany(colorJitter({ brightness: 0, hue: 0 }), 20).flat()).toEqual([]);
    expect(errorOf(() => colorJitter({ hue: 0.6 })).argument).toBe('colorJitter.hue');
    expect(errorOf(() => colorJitter({ contrast: [1.2, 0.8] })).argument).toBe('colorJitter.contrast');
  });

  test('randomErasing erases with probability p, inside the image, sized by scale and ratio', () => {
    const draws = sampleMany(randomErasing({ p: 0.5, scale: [0.1, 0.2], value: [0.1, 0.2, 0.3] }), 2000);
    const erased = draws.filter((ops) => ops.length === 1);
    expect(erased.length / 2000).toBeGreaterThan(0.46);
    expect(erased.length / 2000).toBeLessThan(0.54);
    for (const [op] of erased) {
      const { top, left, height, width, value } = op.params as { top: number; left: number; height: number; width: number; value: number[] };
      expect(top + height).toBeLessThanOrEqual(40);
      expect(left + width).toBeLessThanOrEqual(60);
      expect((height * width) / 2400).toBeGreaterThan(0.07);
      expect((height * width) / 2400).toBeLessThan(0.23);
      expect(value).toEqual([0.1, 0.2, 0.3]);
    }
  });

  test('pcaLighting draws alphas from N(0, alphaStd²)', () => {
    const alphas = sampleMany(pcaLighting({ alphaStd: 0.1 }), 3000).flatMap((ops) => (ops[0].params as { alphas: number[] }).alphas);
    const mean = alphas.reduce((a, b) => a + b, 0) / alphas.length;
    const std = Math.sqrt(alphas.reduce((a, b) => a + (b - mean) ** 2, 0) / alphas.length);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(std).toBeGreaterThan(0.095);
    expect(std).toBeLessThan(0.105);
  });

  test('oneOf follows its weights; randomApply its probability', () => {
    const picks = sampleMany(oneOf([randomHorizontalFlip({ p: 1 }), randomVerticalFlip({ p: 1 }), grayscale()], { weights: [1, 3, 0] }), 4000).map((ops) => ops[0].type);
    const vertical = picks.filter((t) => t === 'flipUpDown').length / 4000;
    expect(vertical).toBeGreaterThan(0.72);
    expect(vertical).toBeLessThan(0.78);
    expect(picks).not.toContain('grayscale');
    const applied = sampleMany(randomApply([randomHorizontalFlip({ p: 1 }), randomVerticalFlip({ p: 1 })], { p: 0.2 }), 4000).filter((ops) => ops.length === 2);
    expect(applied.length / 4000).toBeGreaterThan(0.18);
    expect(applied.length / 4000).toBeLessThan(0.22);
  });

  test('a batch gets independent draws per image, and an unfixed output size is refused', () => {
    const batch = floatBatch(6, 12, 12, 3);
    const { records } = randomResizedCrop({ size: 8 }).applyWithRecord(batch, new Random(2));
    expect(new Set(records.map((r) => JSON.stringify(r.ops))).size).toBe(6);
    const unfixed = oneOf([resize({ size: [4, 4] }), resize({ size: [5, 5] })]);
    expect(errorOf(() => unfixed.apply(batch, new Random(1))).argument).toMatch(/^oneOf: output of image \d$/);
  });

  test('bad options and arguments are named', () => {
    expect(errorOf(() => randomHorizontalFlip({ p: 1.5 })).argument).toBe('randomHorizontalFlip.p');
    expect(errorOf(() => randomResizedCrop({ size: 0 })).argument).toBe('randomResizedCrop.size');
    expect(errorOf(() => randomResizedCrop({ size: 8, scale: [0, 1] })).argument).toBe('randomResizedCrop.scale');
    expect(errorOf(() => randomCrop({ size: 8, padding: -1 })).argument).toBe('randomCrop.padding');
    expect(errorOf(() => randomErasing({ value: 'noise' as never })).argument).toBe('randomErasing.value');
    expect(errorOf(() => compose([])).argument).toBe('compose');
    expect(errorOf(() => compose([{ type: 'randomCrop' } as never])).argument).toBe('compose[0]');
    expect(errorOf(() => oneOf([grayscale()], { weights: [0] })).argument).toBe('oneOf.weights');
    expect(errorOf(() => randomHorizontalFlip().apply(floatImage(2, 2, 3), Math.random as never)).argument).toBe('randomHorizontalFlip: random');
    expect(errorOf(() => pcaLighting().apply(floatImage(4, 4, 1), new Random(1))).argument).toBe('pcaLighting(pcaLighting): image channels');
    expect(errorOf(() => normalize({ mean: [0.5, 0.5], std: [1] })).argument).toBe('normalize(normalize).std.length');
  });

  test('no random draw is taken when the input is rejected', () => {
    const random = new Random(4);
    const before = random.getState();
    expect(() => randomCrop({ size: 2 }).apply(image(Float32Array.from([NaN, 0, 0, 0]), [2, 2, 1]), random)).toThrow(DescentError);
    expect(random.getState()).toEqual(before);
  });
});
