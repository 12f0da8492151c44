import { DescentError, Random, type AugmentOpConfig } from '@descent/core';
import { applyOp, applyOps, image, imageBatch, ops, toFloat32, toUint8, type Image } from '@descent/augment';
import { kernels } from '../src/engine/kernels';
import { byteImage, errorOf, floatBatch, floatImage, pixel } from './helpers';

afterEach(() => {
  kernels('simd');
});

describe('ops on typed arrays', () => {
  test('flips and crops move pixels exactly', () => {
    const img = floatImage(4, 5, 3);
    const flipped = ops.flipLeftRight(img);
    expect(pixel(flipped, 1, 0)).toEqual(pixel(img, 1, 4));
    expect(pixel(ops.flipUpDown(img), 0, 2)).toEqual(pixel(img, 3, 2));
    const cropped = ops.crop(img, { top: -1, left: 3, height: 3, width: 4 });
    expect([cropped.height, cropped.width]).toEqual([3, 4]);
    expect(pixel(cropped, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(cropped, 1, 1)).toEqual(pixel(img, 0, 4));
    expect(pixel(cropped, 2, 2)).toEqual([0, 0, 0]);
  });

  test('the input is never modified', () => {
    const img = floatImage(6, 7, 3);
    const copy = img.data.slice();
    applyOps(img, [{ type: 'adjustBrightness', factor: 2 }, { type: 'erase', top: 0, left: 0, height: 6, width: 7 }, { type: 'adjustHue', factor: 0.3 }]);
    expect(img.data).toEqual(copy);
  });

  test('a batch gets the same op on every image', () => {
    const batch = floatBatch(3, 5, 6, 3);
    const out = ops.resize(batch, 4, 9);
    expect([out.count, out.height, out.width, out.channels]).toEqual([3, 4, 9, 3]);
    for (let i = 0; i < 3; i++) {
      const one = ops.resize(image(batch.data.slice(i * 90, (i + 1) * 90), [5, 6, 3]), 4, 9);
      expect(out.data.subarray(i * 108, (i + 1) * 108)).toEqual(one.data);
    }
  });

  test('bytes: geometry computes on the byte values and rounds half to even', () => {
    const bytes = byteImage(7, 9, 3);
    const asFloats = image(Float32Array.from(bytes.data), [7, 9, 3]);
    const chain: AugmentOpConfig[] = [{ type: 'resizedCrop', top: 1, left: -2, height: 5, width: 8, outHeight: 11, outWidth: 6 }, { type: 'flipLeftRight' }];
    const fromBytes = applyOps(bytes, chain);
    const fromFloats = applyOps(asFloats, chain);
    expect(fromBytes.data).toBeInstanceOf(Uint8Array);
    const expected = new Uint8ClampedArray(fromFloats.data.length);
    expected.set(fromFloats.data as Float32Array);
    expect(Array.from(fromBytes.data)).toEqual(Array.from(expected));
  });

  test('bytes: colour ops work on value ÷ 255 and store rounded, clamped bytes', () => {
    const bytes = image(Uint8Array.from([0, 100, 200, 255, 128, 3]), [2, 1, 3]);
    const brighter = ops.adjustBrightness(bytes, 1.3);
    expect(Array.from(brighter.data)).toEqual([0, 130, 255, 255, 166, 4]); // 166.4 → 166, 3.9 → 4
    const grey = ops.grayscale(bytes, 1);
    expect(Array.from(grey.data)).toEqual([Math.round(0.587 * 100 + 0.114 * 200), Math.round(0.2989 * 255 + 0.587 * 128 + 0.114 * 3)]);
    const normalized = ops.normalize(bytes, { mean: [0.5], std: [0.25] });
    expect(normalized.data).toBeInstanceOf(Float32Array);
    expect(normalized.data[1]).toBeCloseTo((100 / 255 - 0.5) / 0.25, 6);
    expect(Array.from(ops.pad(bytes, { padding: { left: 1, top: 0, right: 0, bottom: 0 }, value: 0.5 }).data.subarray(0, 3))).toEqual([128, 128, 128]);
  });

  test('toFloat32 and toUint8 convert between the two pixel kinds', () => {
    const bytes = image(Uint8Array.from([0, 51, 255]), [1, 1, 3]);
    expect(Array.from(toFloat32(bytes).data)).toEqual([0, Math.fround(0.2), 1]);
    expect(Array.from(toUint8(image(Float32Array.from([0.5, 1.2, -0.1]), [1, 1, 3])).data)).toEqual([128, 255, 0]);
  });

  test('hue: a pure red turned by a third of a turn is pure green, grey stays grey', () => {
    const img = image(Float32Array.from([1, 0, 0, 0.4, 0.4, 0.4]), [1, 2, 3]);
    const turned = ops.adjustHue(img, 1 / 3);
    expect(pixel(turned, 0, 0).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 1, 0]);
    expect(pixel(turned, 0, 1)).toEqual(pixel(img, 0, 1));
  });

  test('contrast blends with the mean grey of the whole image; saturation and hue leave grey images alone', () => {
    const img = image(Float32Array.from([0.2, 0.6]), [1, 2, 1]);
    expect(Array.from(ops.adjustContrast(img, 0.5).data)).toEqual([Math.fround(0.3), Math.fround(0.5)]);
    expect(ops.adjustSaturation(img, 3).data).toEqual(img.data);
    expect(ops.adjustHue(img, 0.4).data).toEqual(img.data);
  });

  test('erase with a noise seed fills the region with that seed\'s normal draws', () => {
    const img = floatImage(4, 5, 1);
    const out = ops.erase(img, { top: 1, left: 2, height: 2, width: 2, noiseSeed: 7 });
    const random = new Random(7);
    const noise = [0, 1, 2, 3].map(() => Math.fround(random.nextNormal()));
    expect([out.data[7], out.data[8], out.data[12], out.data[13]]).toEqual(noise);
    expect(out.data[6]).toBe(img.data[6]);
  });

  test('fused geometric runs equal the ops applied one at a time', () => {
    const chains: AugmentOpConfig[][] = [
      [{ type: 'flipLeftRight' }, { type: 'resizedCrop', top: 2, left: 1, height: 9, width: 7, outHeight: 5, outWidth: 12 }],
      [{ type: 'pad', padding: { left: 3, top: 1, right: 0, bottom: 2 }, mode: 'reflect' }, { type: 'crop', top: 2, left: 1, height: 8, width: 8 }, { type: 'flipUpDown' }],
      [{ type: 'resize', height: 13, width: 4, interpolation: 'nearest' }, { type: 'centerCrop', height: 15, width: 3 }, { type: 'flipLeftRight' }],
      [{ type: 'pad', padding: { left: 2, top: 2, right: 2, bottom: 2 }, value: 0.7 }, { type: 'resize', height: 5, width: 6 }],
      [{ type: 'resize', height: 9, width: 9 }, { type: 'resize', height: 4, width: 13 }, { type: 'crop', top: -1, left: 2, height: 5, width: 5 }],
    ];
    for (const img of [floatImage(10, 11, 3, 4), floatImage(10, 11, 1, 5)]) {
      for (const chain of chains) {
        const fused = applyOps(img, chain);
        const stepwise = chain.reduce<Image>((current, op) => applyOp(current, op), img);
        expect([fused.height, fused.width, fused.channels]).toEqual([stepwise.height, stepwise.width, stepwise.channels]);
        fused.data.forEach((v, i) => expect(Math.abs(v - stepwise.data[i])).toBeLessThanOrEqual(1e-6));
      }
    }
  });

  test('the SIMD and portable kernels give the same bits', () => {
    const chain: AugmentOpConfig[] = [
      { type: 'flipLeftRight' },
      { type: 'resizedCrop', top: 3, left: -2, height: 20, width: 17, outHeight: 23, outWidth: 19 },
      { type: 'adjustBrightness', factor: 1.37 },
      { type: 'adjustContrast', factor: 0.61 },
      { type: 'pad', padding: { left: 2, top: 1, right: 3, bottom: 0 }, value: 0.3 },
      { type: 'resize', height: 12, width: 14 },
    ];
    for (const channels of [1, 3, 4, 5]) {
      for (const img of [floatImage(25, 21, channels, channels), byteImage(25, 21, channels, channels)]) {
        const ops = channels === 1 || channels === 3 ? chain : chain.filter((op) => !op.type.startsWith('adjust'));
        kernels('simd');
        const simd = applyOps(img, ops).data;
        kernels('portable');
        const portable = applyOps(img, ops).data;
        expect(Array.from(portable)).toEqual(Array.from(simd));
      }
    }
    expect(kernels('simd').name).toBe('simd');
  });

  test('big images grow the workspace, in both kernel sets', () => {
    const img = floatImage(300, 400, 3, 9);
    const simd = ops.resize(img, 600, 50);
    kernels('portable');
    const portable = ops.resize(img, 600, 50);
    expect([simd.height, simd.width]).toEqual([600, 50]);
    expect(Array.from(portable.data)).toEqual(Array.from(simd.data));
    // Output (0, 0): row 0 (upscaling clamps to the first row), columns 3 and 4 half each (400 → 50, no antialiasing).
    expect(simd.data[0]).toBeCloseTo(0.5 * img.data[3 * 3] + 0.5 * img.data[4 * 3], 6);
  });
});

describe('bad input names the argument', () => {
  test.each([
    ['data length', () => image(new Float32Array(10), [2, 2, 3]), 'image.data.length'],
    ['zero-sized image', () => image(new Float32Array(0), [0, 4, 3]), 'image.shape'],
    ['data type', () => image([1, 2, 3] as unknown as Float32Array, [1, 1, 3]), 'image'],
    ['batch shape', () => imageBatch(new Uint8Array(12), [2, 2, 3] as unknown as [number, number, number, number]), 'batch.shape'],
    ['NaN pixel', () => ops.flipLeftRight(image(Float32Array.from([0, NaN, 0]), [1, 1, 3])), 'input.data[1]'],
    ['infinite pixel', () => ops.resize(image(Float32Array.from([0, 0, Infinity]), [1, 3, 1]), 2, 2), 'input.data[2]'],
    ['hand-made image with a wrong length', () => ops.flipUpDown({ data: new Float32Array(5), height: 2, width: 2, channels: 1 }), 'input.data.length'],
    ['colour op on 2 channels', () => ops.adjustSaturation(image(new Float32Array(8), [2, 2, 2]), 1.5), 'ops[0](adjustSaturation): image channels'],
    ['lighting on grey', () => ops.pcaLighting(image(new Float32Array(4), [2, 2, 1]), { alphas: [0, 0, 0] }), 'ops[0](pcaLighting): image channels'],
    ['factor out of range', () => ops.adjustHue(image(new Float32Array(12), [2, 2, 3]), 0.7), 'ops[0](adjustHue).factor'],
    ['negative factor', () => ops.adjustBrightness(image(new Float32Array(12), [2, 2, 3]), -1), 'ops[0](adjustBrightness).factor'],
    ['unknown op', () => applyOp(image(new Float32Array(3), [1, 1, 3]), { type: 'swirl' } as unknown as AugmentOpConfig), 'ops[0].type'],
    ['reflect wider than the image', () => ops.pad(image(new Float32Array(12), [2, 2, 3]), { padding: { left: 2, top: 0, right: 0, bottom: 0 }, mode: 'reflect' }), 'ops[0](pad).padding.left'],
  ])('%s', (_, run, argument) => {
    const error = errorOf(run);
    expect(error).toBeInstanceOf(DescentError);
    expect(error.argument).toBe(argument);
    expect(error.message).toContain(argument);
  });

  test('a NaN deep in a big image is found by both kernel sets', () => {
    const data = new Float32Array(600 * 600);
    data[300001] = NaN;
    const big = image(data, [600, 600, 1]);
    expect(errorOf(() => ops.flipLeftRight(big)).argument).toBe('input.data[300001]');
    kernels('portable');
    expect(errorOf(() => ops.flipLeftRight(big)).argument).toBe('input.data[300001]');
  });
});
