import {
  augmentOpTypes,
  augmentOutputShape,
  centerCropBox,
  checkImageShape,
  IMAGENET_PCA,
  pcaLightingOffsets,
  resolveAugmentOp,
  roundHalfEven,
  type ImageShape,
} from '@descent/core';

const rgb = (height: number, width: number): ImageShape => ({ height, width, channels: 3 });
const grey = (height: number, width: number): ImageShape => ({ height, width, channels: 1 });

/** Expects `run` to throw a DescentError naming `argument`. */
const expectRejected = (run: () => unknown, argument: string) => expect(run).toThrow(expect.objectContaining({ name: 'DescentError', argument }));

describe('augmentation op definitions', () => {
  test('the registry holds every op of the conformance table', () => {
    expect(augmentOpTypes.sort()).toEqual(
      [
        'adjustBrightness', 'adjustContrast', 'adjustHue', 'adjustSaturation', 'centerCrop', 'crop', 'erase',
        'flipLeftRight', 'flipUpDown', 'grayscale', 'normalize', 'pad', 'pcaLighting', 'resize', 'resizedCrop',
        'rotate', 'affine', 'perspective', 'elastic', 'invert', 'solarize', 'posterize', 'equalize', 'autocontrast', 'adjustGamma', 'adjustSharpness', 'gaussianBlur', 'permuteChannels', 'augMix',
      ].sort(),
    );
  });

  test('defaults are filled in and arrays copied', () => {
    const mean = [0.5];
    expect(resolveAugmentOp({ type: 'pad', padding: { left: 1, top: 2, right: 3, bottom: 4 } }).params).toEqual({
      padding: { left: 1, top: 2, right: 3, bottom: 4 },
      mode: 'constant',
      value: 0,
    });
    expect(resolveAugmentOp({ type: 'resize', height: 2, width: 3 }).params).toEqual({ height: 2, width: 3, interpolation: 'bilinear' });
    expect(resolveAugmentOp({ type: 'grayscale' }).params).toEqual({ channels: 1 });
    expect(resolveAugmentOp({ type: 'erase', top: 0, left: 0, height: 1, width: 1 }).params).toMatchObject({ value: 0, noiseSeed: null });
    const lighting = resolveAugmentOp({ type: 'pcaLighting', alphas: [0, 0, 0] });
    expect(lighting.params).toMatchObject({ eigval: [0.2175, 0.0188, 0.0045] });
    const normalize = resolveAugmentOp({ type: 'normalize', mean, std: [0.25] });
    mean[0] = 9;
    expect(normalize.params).toEqual({ mean: [0.5], std: [0.25] });
  });

  test.each([
    [{ type: 'spin' }, 'op.type'],
    [{ type: 'crop', top: 0, left: 0, height: 2 }, 'op(crop).width'],
    [{ type: 'crop', top: 0.5, left: 0, height: 2, width: 2 }, 'op(crop).top'],
    [{ type: 'crop', top: 0, left: 0, height: 0, width: 2 }, 'op(crop).height'],
    [{ type: 'flipLeftRight', p: 0.5 }, 'op(flipLeftRight).p'],
    [{ type: 'adjustBrightness', factor: -0.1 }, 'op(adjustBrightness).factor'],
    [{ type: 'adjustContrast', factor: NaN }, 'op(adjustContrast).factor'],
    [{ type: 'adjustHue', factor: 0.51 }, 'op(adjustHue).factor'],
    [{ type: 'pad', padding: { left: 1, top: 1, right: 1 } }, 'op(pad).padding'],
    [{ type: 'pad', padding: { left: 1, top: 1, right: 1, bottom: -1 } }, 'op(pad).padding'],
    [{ type: 'pad', padding: { left: 1, top: 1, right: 1, bottom: 1 }, mode: 'wrap' }, 'op(pad).mode'],
    [{ type: 'resize', height: 2, width: 2, interpolation: 'bicubic' }, 'op(resize).interpolation'],
    [{ type: 'grayscale', channels: 2 }, 'op(grayscale).channels'],
    [{ type: 'elastic', displacement: [0, 0, 0] }, 'op(elastic).displacement'],
    [{ type: 'elastic', displacement: [0, Infinity] }, 'op(elastic).displacement'],
    [{ type: 'elastic', displacement: [0, 0], interpolation: 'bicubic' }, 'op(elastic).interpolation'],
    [{ type: 'normalize', mean: [0.5, 0.5], std: [0.2] }, 'op(normalize).std.length'],
    [{ type: 'normalize', mean: [0.5], std: [0] }, 'op(normalize).std'],
    [{ type: 'pcaLighting', alphas: [1, 2] }, 'op(pcaLighting).alphas'],
    [{ type: 'pcaLighting', alphas: [1, 2, 3], eigvec: [[1, 0, 0], [0, 1, 0]] }, 'op(pcaLighting).eigvec'],
    [{ type: 'erase', top: 0, left: 0, height: 1, width: 1, noiseSeed: 1.5 }, 'op(erase).noiseSeed'],
    [{ type: 'augMix', chains: [[], []], weights: [0.3, 0.3], mix: 0.3 }, 'op(augMix).weights'],
    [{ type: 'augMix', chains: [[], []], weights: [0.5], mix: 0.5 }, 'op(augMix).weights'],
    [{ type: 'augMix', chains: [[], [{ type: 'spin' }]], weights: [0.25, 0.25], mix: 0.5 }, 'op(augMix).chains[1][0].type'],
    [{ type: 'augMix', chains: [[{ type: 'invert' }]], weights: [-0.5], mix: 1.5 }, 'op(augMix).weights'],
  ])('%j is rejected, naming %s', (config, argument) => {
    expectRejected(() => resolveAugmentOp(config), argument);
  });

  test('output shapes follow the op', () => {
    const shapeOf = (config: unknown, input: ImageShape) => augmentOutputShape(resolveAugmentOp(config), input);
    expect(shapeOf({ type: 'flipUpDown' }, rgb(4, 5))).toEqual(rgb(4, 5));
    expect(shapeOf({ type: 'crop', top: -3, left: 9, height: 2, width: 7 }, rgb(4, 5))).toEqual(rgb(2, 7));
    expect(shapeOf({ type: 'pad', padding: { left: 1, top: 2, right: 3, bottom: 4 } }, grey(4, 5))).toEqual(grey(10, 9));
    expect(shapeOf({ type: 'resizedCrop', top: 0, left: 0, height: 2, width: 2, outHeight: 7, outWidth: 3 }, rgb(4, 5))).toEqual(rgb(7, 3));
    expect(shapeOf({ type: 'grayscale', channels: 1 }, rgb(4, 5))).toEqual(grey(4, 5));
    expect(shapeOf({ type: 'grayscale', channels: 3 }, grey(4, 5))).toEqual(rgb(4, 5));
  });

  test.each([
    [{ type: 'pad', padding: { left: 4, top: 0, right: 0, bottom: 0 }, mode: 'reflect' }, rgb(3, 4), 'op(pad).padding.left'],
    [{ type: 'pad', padding: { left: 0, top: 0, right: 0, bottom: 4 }, mode: 'symmetric' }, rgb(3, 4), 'op(pad).padding.bottom'],
    [{ type: 'adjustSaturation', factor: 1 }, { height: 2, width: 2, channels: 2 }, 'op(adjustSaturation): image channels'],
    [{ type: 'grayscale' }, { height: 2, width: 2, channels: 4 }, 'op(grayscale): image channels'],
    [{ type: 'pcaLighting', alphas: [0, 0, 0] }, grey(2, 2), 'op(pcaLighting): image channels'],
    [{ type: 'normalize', mean: [0.5, 0.5, 0.5], std: [1, 1, 1] }, grey(2, 2), 'op(normalize).mean.length'],
    [{ type: 'erase', top: 0, left: 0, height: 1, width: 1, value: [1, 2] }, rgb(2, 2), 'op(erase).value.length'],
    [{ type: 'augMix', chains: [[{ type: 'invert' }], [{ type: 'invert' }, { type: 'crop', top: 0, left: 0, height: 1, width: 1 }]], weights: [0.5, 0.5], mix: 0 }, rgb(2, 2), 'op(augMix).chains[1]'],
    [{ type: 'augMix', chains: [[{ type: 'pcaLighting', alphas: [0, 0, 0] }]], weights: [1], mix: 0 }, grey(2, 2), 'op(augMix).chains[0][0](pcaLighting): image channels'],
  ])('%j cannot apply to %j: names %s', (config, shape, argument) => {
    expectRejected(() => augmentOutputShape(resolveAugmentOp(config), shape), argument);
  });

  test('the widest reflect and symmetric pads are accepted', () => {
    expect(augmentOutputShape(resolveAugmentOp({ type: 'pad', padding: { left: 3, top: 2, right: 3, bottom: 2 }, mode: 'reflect' }), grey(3, 4))).toEqual(grey(7, 10));
    expect(augmentOutputShape(resolveAugmentOp({ type: 'pad', padding: { left: 4, top: 3, right: 4, bottom: 3 }, mode: 'symmetric' }), grey(3, 4))).toEqual(grey(9, 12));
  });

  test('roundHalfEven is Python round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, 3].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 2, 3, -3, 3]);
  });

  test("centre crops land where torchvision's center_crop puts them", () => {
    expect(centerCropBox(rgb(7, 9), 4, 5)).toEqual({ top: 2, left: 2, height: 4, width: 5 }); // 1.5 → 2, 2 → 2
    expect(centerCropBox(rgb(8, 8), 3, 3)).toEqual({ top: 2, left: 2, height: 3, width: 3 }); // 2.5 → 2
    expect(centerCropBox(rgb(5, 6), 8, 9)).toEqual({ top: -1, left: -1, height: 8, width: 9 }); // padded 1 before, 2 after
    expect(centerCropBox(rgb(4, 3), 7, 4)).toEqual({ top: -1, left: 0, height: 7, width: 4 });
  });

  test('pcaLightingOffsets is eigvec · (alphas ⊙ eigval)', () => {
    const alphas = [0.1, -0.2, 0.3];
    const offsets = pcaLightingOffsets({ alphas, eigval: [...IMAGENET_PCA.eigval], eigvec: IMAGENET_PCA.eigvec.map((r) => [...r]) });
    const expected = [0, 1, 2].map((c) => IMAGENET_PCA.eigvec[c].reduce((s, v, j) => s + v * alphas[j] * IMAGENET_PCA.eigval[j], 0));
    expect(offsets).toEqual(expected);
    expect(offsets[0]).toBeCloseTo(-0.5675 * 0.02175 + 0.7192 * -0.00376 + 0.4009 * 0.00135, 12);
  });

  test('checkImageShape rejects zero sizes and mismatched lengths, naming the argument', () => {
    expect(checkImageShape([2, 3, 1], 6, 'image')).toEqual({ count: 1, height: 2, width: 3, channels: 1 });
    expect(checkImageShape([4, 2, 3, 1], 24, 'batch', true)).toEqual({ count: 4, height: 2, width: 3, channels: 1 });
    expectRejected(() => checkImageShape([0, 3, 1], 0, 'image'), 'image.shape');
    expectRejected(() => checkImageShape([2, 3, 1], 7, 'image'), 'image.data.length');
    expectRejected(() => checkImageShape([2, 3], 6, 'image'), 'image.shape');
  });
});
