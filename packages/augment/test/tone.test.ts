import { Random } from '@descent/core';
import {
  applyOps,
  augmentationFromConfig,
  gaussianBlur,
  image,
  ops,
  randomAdjustSharpness,
  randomAutocontrast,
  randomChannelPermutation,
  randomEqualize,
  randomInvert,
  randomPosterize,
  randomSolarize,
  toFloat32,
  type AugmentOpConfig,
} from '@descent/augment';
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

describe('random tone transforms', () => {
  const shape = { height: 6, width: 7, channels: 3 };
  test('each applies its op with probability p and rebuilds from its config', () => {
    const made = [randomInvert({ p: 0.3 }), randomPosterize({ bits: 3 }), randomSolarize({ threshold: 0.6, p: 0.8 }), randomAdjustSharpness({ sharpnessFactor: 2 }), randomAutocontrast(), randomEqualize({ p: 0.1 })];
    const expectedP = [0.3, 0.5, 0.8, 0.5, 0.5, 0.1];
    made.forEach((augmentation, k) => {
      const random = new Random(k + 1);
      let applied = 0;
      for (let i = 0; i < 2000; i++) applied += augmentation.sample(shape, random).length;
      expect(Math.abs(applied / 2000 - expectedP[k])).toBeLessThan(0.04);
      const img = floatImage(6, 7, 3);
      expect(Array.from(augmentationFromConfig(augmentation.config).apply(img, new Random(4)).data)).toEqual(Array.from(augmentation.apply(img, new Random(4)).data));
    });
    const [op] = randomPosterize({ bits: 3, p: 1 }).sample(shape, new Random(1));
    expect(op.type === 'posterize' && op.params.bits).toBe(3);
  });

  test('gaussianBlur draws one σ per image in its range; randomChannelPermutation draws every permutation', () => {
    const random = new Random(2);
    for (let i = 0; i < 100; i++) {
      const [op] = gaussianBlur({ kernelSize: [5, 3], sigma: [0.5, 1.5] }).sample(shape, random);
      if (op.type !== 'gaussianBlur') throw new Error('wrong op');
      expect(op.params.kernelSize).toEqual([5, 3]);
      expect(op.params.sigma[0]).toBe(op.params.sigma[1]);
      expect(op.params.sigma[0] >= 0.5 && op.params.sigma[0] <= 1.5).toBe(true);
    }
    const seen = new Set<string>();
    const permute = randomChannelPermutation();
    for (let i = 0; i < 300; i++) {
      const [op] = permute.sample(shape, random);
      if (op.type === 'permuteChannels') seen.add(op.params.permutation.join());
    }
    expect([...seen].sort()).toEqual(['0,1,2', '0,2,1', '1,0,2', '1,2,0', '2,0,1', '2,1,0']);
    expect(errorOf(() => gaussianBlur({ kernelSize: 4 })).argument).toBe('gaussianBlur.kernelSize');
  });
});
