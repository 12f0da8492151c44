import * as tf from '@tensorflow/tfjs';
import { DescentError, MAX_IMAGE_SIDE, MAX_IMAGE_VALUES, Random, type AugmentOpConfig } from '@descent/core';
import { applyOp, centerCrop, fiveCrop, oneHot, pad, randomCrop, randomResizedCrop, resize, tenCrop } from '@descent/augment';
import { applyOpToTensor } from '@descent/augment/tfjs';
import { errorOf, floatImage } from './helpers';

/** The DescentError `run` throws (any other error, or none, fails the test). */
function descentErrorOf(run: () => unknown): DescentError {
  const error = errorOf(run);
  expect(error).toBeInstanceOf(DescentError);
  return error as DescentError;
}

const BIG = 100_000;

describe('output sizes have a named limit: a DescentError naming the argument, never a RangeError', () => {
  const img = floatImage(2, 2, 3);

  test.each<[AugmentOpConfig, string]>([
    [{ type: 'resize', height: BIG, width: BIG }, 'ops[0](resize).height'],
    [{ type: 'resize', height: 4, width: BIG }, 'ops[0](resize).width'],
    [{ type: 'crop', top: 0, left: 0, height: BIG, width: 1 }, 'ops[0](crop).height'],
    [{ type: 'centerCrop', height: 1, width: BIG }, 'ops[0](centerCrop).width'],
    [{ type: 'resizedCrop', top: 0, left: 0, height: 1, width: 1, outHeight: BIG, outWidth: BIG }, 'ops[0](resizedCrop).outHeight'],
    [{ type: 'resizedCrop', top: 0, left: 0, height: BIG, width: 1, outHeight: 1, outWidth: 1 }, 'ops[0](resizedCrop).height'],
  ])('%j: %s', (op, argument) => {
    const error = descentErrorOf(() => applyOp(img, op));
    expect(error.argument).toBe(argument);
    expect(error.allowed).toContain(String(MAX_IMAGE_SIDE));
  });

  test.each<[AugmentOpConfig, number[]]>([
    [{ type: 'resize', height: 60_000, width: 60_000 }, [60_000, 60_000, 3]],
    [{ type: 'pad', padding: { left: 1e9, top: 0, right: 0, bottom: 0 } }, [2, 1e9 + 2, 3]],
    [{ type: 'pad', padding: { left: 30_000, top: 30_000, right: 30_000, bottom: 30_000 } }, [60_002, 60_002, 3]],
  ])('%j: the output shape is named, with the limits', (op, shape) => {
    const error = descentErrorOf(() => applyOp(img, op));
    expect(error.argument).toBe(`ops[0](${op.type}): output shape`);
    expect(error.value).toEqual(shape);
    expect(error.allowed).toContain(`${MAX_IMAGE_VALUES} values (MAX_IMAGE_VALUES)`);
  });

  test('the limits themselves are allowed: a side of MAX_IMAGE_SIDE pixels', () => {
    const out = applyOp(floatImage(1, 2, 1), { type: 'resize', height: 1, width: MAX_IMAGE_SIDE, interpolation: 'nearest' });
    expect([out.height, out.width, out.channels]).toEqual([1, MAX_IMAGE_SIDE, 1]);
    expect(out.data[0]).toBe(floatImage(1, 2, 1).data[0]);
  });

  test.each<[string, () => unknown]>([
    ['resize.size', () => resize({ size: BIG })],
    ['centerCrop.size', () => centerCrop({ size: [1, BIG] })],
    ['randomCrop.size', () => randomCrop({ size: [BIG, BIG] })],
    ['randomResizedCrop.size', () => randomResizedCrop({ size: BIG })],
    ['fiveCrop.size', () => fiveCrop(BIG)],
    ['tenCrop.size', () => tenCrop(BIG)],
  ])('augmentation option %s', (argument, make) => {
    expect(descentErrorOf(make).argument).toBe(argument);
  });

  test('a resize whose shorter side is in range but whose longer side is not', () => {
    const wide = floatImage(1, 100, 1);
    const error = descentErrorOf(() => resize({ size: 60_000 }).apply(wide, new Random(1)));
    expect(error.argument).toMatch(/width$/);
  });

  test('pad of a whole batch names the output shape too', () => {
    expect(descentErrorOf(() => pad({ padding: 1e6 }).apply(img, new Random(1))).argument).toBe('pad(pad): output shape');
  });

  test('on tensors (tfjs cpu) the same errors, before anything is allocated', () => {
    const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    expect(descentErrorOf(() => applyOpToTensor(x, { type: 'resize', height: 60_000, width: 60_000 })).argument).toBe('ops[0](resize): output shape');
    expect(descentErrorOf(() => applyOpToTensor(x, { type: 'resize', height: BIG, width: 1 })).argument).toBe('ops[0](resize).height');
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  test('oneHot: the class count is checked, and the output size limited', () => {
    expect(Array.from(oneHot([1, 0], 2))).toEqual([0, 1, 1, 0]);
    for (const count of [0, -1, 1.5, NaN, 1e12]) expect(descentErrorOf(() => oneHot([0], count)).argument).toBe('count');
    expect(descentErrorOf(() => oneHot(new Array(1000).fill(0), MAX_IMAGE_VALUES)).argument).toBe('count');
    expect(descentErrorOf(() => oneHot(null as never, 3)).argument).toBe('classes');
  });
});
