import { applyOps, image, ops, toFloat32, type AugmentOpConfig } from '@descent/augment';
import { byteImage, errorOf, floatImage } from './helpers';

describe('tone, filter and channel ops', () => {
  test('on bytes they give the float result rounded to a level', () => {
    const bytes = byteImage(9, 11, 3);
    const list: AugmentOpConfig[] = [
      { type: 'invert' },
      { type: 'solarize', threshold: 0.4 },
      { type: 'posterize', bits: 3 },
      { type: 'equalize' },
      { type: 'autocontrast' },
      { type: 'adjustGamma', gamma: 0.7, gain: 1.1 },
      { type: 'adjustSharpness', factor: 1.8 },
      { type: 'gaussianBlur', kernelSize: [5, 3], sigma: [1.1, 0.7] },
      { type: 'permuteChannels', permutation: [2, 0, 1] },
    ];
    for (const op of list) {
      const fromBytes = applyOps(bytes, [op]).data;
      const fromFloats = applyOps(toFloat32(bytes), [op]).data;
      expect(fromBytes).toBeInstanceOf(Uint8Array);
      fromFloats.forEach((v, i) => expect(Math.abs(fromBytes[i] - v * 255)).toBeLessThanOrEqual(0.5 + 1e-4));
    }
  });

  test('values by hand: invert, solarize at the threshold, posterize bits, permutation', () => {
    const img = image(Float32Array.from([0, 0.25, 0.5, 1, 200 / 255, 37 / 255]), [1, 2, 3]);
    Array.from(ops.invert(img).data).forEach((v, i) => expect(v).toBeCloseTo([1, 0.75, 0.5, 0, 55 / 255, 218 / 255][i], 7));
    Array.from(ops.solarize(img, 0.5).data).forEach((v, i) => expect(v).toBeCloseTo([0, 0.25, 0.5, 0, 55 / 255, 37 / 255][i], 7)); // 0.5 is inverted: ≥ threshold
    // 200 = 0b11001000 → 2 bits 0b11000000 = 192; 37 → 0; 0.25·255 = 63.75 → level 64 = 0b01000000 → 64; 0.5 → 127.5 → 128 (half to even)
    expect(Array.from(ops.posterize(img, 2).data)).toEqual(Array.from(Float32Array.from([0, 64 / 255, 128 / 255, 192 / 255, 192 / 255, 0])));
    expect(Array.from(ops.permuteChannels(img, [2, 0, 1]).data)).toEqual(Array.from(Float32Array.from([0.5, 0, 0.25, 37 / 255, 1, 200 / 255])));
  });

  test('bad fields and shapes name the argument', () => {
    const img = floatImage(4, 5, 3);
    expect(errorOf(() => ops.permuteChannels(img, [0, 1])).argument).toBe('ops[0](permuteChannels).permutation');
    expect(errorOf(() => ops.permuteChannels(img, [0, 0, 1])).argument).toBe('ops[0](permuteChannels).permutation');
    expect(errorOf(() => ops.gaussianBlur(img, { kernelSize: [4, 3], sigma: [1, 1] })).argument).toBe('ops[0](gaussianBlur).kernelSize');
    expect(errorOf(() => ops.gaussianBlur(img, { kernelSize: [3, 9], sigma: [1, 1] })).argument).toBe('ops[0](gaussianBlur).kernelSize');
    expect(errorOf(() => ops.posterize(img, 9)).argument).toBe('ops[0](posterize).bits');
    expect(errorOf(() => ops.equalize(floatImage(4, 5, 2))).argument).toBe('ops[0](equalize): image channels');
  });
});
