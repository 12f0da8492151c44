import { Random } from '@descent/core';
import {
  applyOps,
  augmentSample,
  colorJitter,
  compose,
  image,
  pad,
  randomCrop,
  randomHorizontalFlip,
  randomResizedCrop,
  randomVerticalFlip,
  replaySample,
  resize,
  type AugmentOpConfig,
  type Augmentation,
  type AugmentRecord,
  type Sample,
} from '@descent/augment';
import { byteImage, errorOf, floatImage } from './helpers';

/** An augmentation that always applies the given ops (a record replayed as an augmentation). */
const fixedOps = (ops: AugmentOpConfig[]) => (sample: Sample) => {
  const { height, width, channels } = sample.image;
  const record: AugmentRecord = { input: [height, width, channels], ops };
  return (options = {}) => replaySample(record, sample, options);
};

const close = (got: ArrayLike<number> | undefined, want: number[]) => {
  expect(got).toBeDefined();
  expect(Array.from(got!).length).toBe(want.length);
  Array.from(got!).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
};

describe('boxes, keypoints, labels and masks move with the image', () => {
  const img = floatImage(40, 60, 3);

  test('a left-right flip mirrors x about the width: x′ = W − x (boxes reordered, keypoints kept)', () => {
    const out = fixedOps([{ type: 'flipLeftRight' }])({ image: img, boxes: [10, 20, 30, 40], keypoints: [10, 20, 2, 0, 0, 1], labels: ['cat'] })();
    close(out.boxes, [30, 20, 50, 40]);
    close(out.keypoints, [50, 20, 2, 60, 0, 0]); // x = 60 is outside [0, 60): invisible
    expect(out.labels).toEqual(['cat']);
  });

  test('an up-down flip mirrors y about the height', () => {
    const out = fixedOps([{ type: 'flipUpDown' }])({ image: img, boxes: [10, 5, 30, 15] })();
    close(out.boxes, [10, 25, 30, 35]);
  });

  test('a crop shifts, clips and drops boxes with their labels below the visible fraction', () => {
    const sample = { image: img, boxes: [0, 0, 20, 15, 20, 10, 30, 20, 50, 30, 59, 40], labels: Int32Array.from([7, 8, 9]) };
    const run = fixedOps([{ type: 'crop', top: 5, left: 10, height: 20, width: 30 }])(sample);
    // moved: [-10,-5,10,10] → clipped [0,0,10,10] (visible 100/300); [10,5,20,15] inside; [40,25,49,35] outside the 30 × 20 window
    const all = run();
    close(all.boxes, [0, 0, 10, 10, 10, 5, 20, 15]);
    expect(Array.from(all.labels as Int32Array)).toEqual([7, 8]);
    expect(all.labels).toBeInstanceOf(Int32Array);
    expect(all.kept).toEqual([0, 1]);
    const strict = run({ minVisibility: 0.5 });
    close(strict.boxes, [10, 5, 20, 15]);
    expect(Array.from(strict.labels as Int32Array)).toEqual([8]);
    expect(run({ minArea: 100 }).kept).toEqual([0, 1]);
    expect(run({ minArea: 100.5 }).kept).toEqual([]);
    expect(run({ minSize: 10.5 }).kept).toEqual([]);
  });

  test('pad shifts by the left and top padding whatever the mode', () => {
    for (const mode of ['constant', 'reflect', 'edge', 'symmetric'] as const) {
      const out = fixedOps([{ type: 'pad', padding: { left: 3, top: 2, right: 0, bottom: 1 }, mode, value: 0 }])({ image: img, boxes: [1, 1, 4, 5], keypoints: [0.5, 0.5, 1] })();
      close(out.boxes, [4, 3, 7, 7]);
      close(out.keypoints, [3.5, 2.5, 1]);
    }
  });

  test('resize scales by out/in per axis; resizedCrop shifts then scales', () => {
    close(fixedOps([{ type: 'resize', height: 20, width: 90, interpolation: 'bilinear' }])({ image: img, boxes: [10, 20, 30, 40] })().boxes, [15, 10, 45, 20]);
    const rc: AugmentOpConfig = { type: 'resizedCrop', top: 10, left: 20, height: 20, width: 20, outHeight: 10, outWidth: 40, interpolation: 'bilinear' };
    const out = fixedOps([rc])({ image: img, boxes: [25, 15, 35, 25], keypoints: [30, 20, 1, 5, 5, 1] })();
    close(out.boxes, [10, 2.5, 30, 7.5]);
    close(out.keypoints, [20, 5, 1, -30, -2.5, 0]);
  });

  test('centerCrop moves targets by the centred window (torchvision rounding)', () => {
    // 60 × 40 to 25 × 15: top = round((40 − 15)/2) = 12 (half to even), left = round((60 − 25)/2) = 18
    close(fixedOps([{ type: 'centerCrop', height: 15, width: 25 }])({ image: img, boxes: [20, 14, 30, 20] })().boxes, [2, 2, 12, 8]);
  });

  test('xywh, cxcywh and normalised coordinates come back in the format they came in', () => {
    const flip: AugmentOpConfig[] = [{ type: 'flipLeftRight' }, { type: 'resize', height: 20, width: 30, interpolation: 'bilinear' }];
    const run = fixedOps(flip)({ image: img, boxes: [10, 20, 20, 10] });
    close(run({ boxFormat: 'xywh' }).boxes, [15, 10, 10, 5]); // xyxy [10,20,30,30] → flip [30,20,50,30] → half [15,10,25,15]
    close(run({ boxFormat: 'cxcywh' }).boxes, [25, 10, 10, 5]); // centre (10,20) size 20×10 → [0,15,20,25] → [40,15,60,25] → [20,7.5,30,12.5]
    const normalized = fixedOps(flip)({ image: img, boxes: [0.1, 0.25, 0.5, 0.75], keypoints: [0.25, 0.5, 1] })({ normalized: true });
    close(normalized.boxes, [0.5, 0.25, 0.9, 0.75]);
    close(normalized.keypoints, [0.75, 0.5, 1]);
  });

  test('masks follow geometric ops with nearest sampling and zero padding, never blended', () => {
    const labels = byteImage(40, 60, 1).data.map((v) => v % 4);
    const mask = image(labels, [40, 60, 1]);
    const ops: AugmentOpConfig[] = [
      { type: 'pad', padding: { left: 2, top: 2, right: 2, bottom: 2 }, mode: 'constant', value: 0.5 },
      { type: 'resizedCrop', top: 3, left: 4, height: 30, width: 40, outHeight: 17, outWidth: 23, interpolation: 'bilinear' },
      { type: 'adjustBrightness', factor: 1.5 },
    ];
    const out = fixedOps(ops)({ image: img, masks: mask })();
    const nearest = applyOps(mask, [
      { type: 'pad', padding: { left: 2, top: 2, right: 2, bottom: 2 }, mode: 'constant', value: 0 },
      { type: 'resizedCrop', top: 3, left: 4, height: 30, width: 40, outHeight: 17, outWidth: 23, interpolation: 'nearest' },
    ]);
    expect(Array.from(out.masks!.data)).toEqual(Array.from(nearest.data));
    expect([out.masks!.height, out.masks!.width]).toEqual([17, 23]);
    expect(Array.from(out.image.data)).toEqual(Array.from(applyOps(img, ops).data));
  });

  test('boxes enclose the same pixels after a random pipeline, and replay gives the same sample', () => {
    const data = new Float32Array(48 * 64);
    for (let y = 12; y < 30; y++) for (let x = 20; x < 44; x++) data[y * 64 + x] = 1;
    const sample = { image: image(data, [48, 64, 1]), masks: image(Uint8Array.from(data, (v) => v * 3), [48, 64, 1]), boxes: [20, 12, 44, 30], keypoints: [20, 12, 1, 43.5, 29.5, 1], labels: [5] };
    const pipeline: Augmentation = compose([randomResizedCrop({ size: [32, 40], scale: [0.5, 1], interpolation: 'nearest' }), randomHorizontalFlip(), randomVerticalFlip(), colorJitter({ brightness: 0.3 })]);
    const random = new Random(3);
    for (let trial = 0; trial < 12; trial++) {
      const { sample: out, record } = augmentSample(pipeline, sample, random, { minSize: 0, minArea: 0 });
      const again = replaySample(record, sample, { minSize: 0, minArea: 0 });
      expect(Array.from(again.image.data)).toEqual(Array.from(out.image.data));
      expect(Array.from(again.boxes!)).toEqual(Array.from(out.boxes!));
      expect(Array.from(again.masks!.data)).toEqual(Array.from(out.masks!.data));
      // every pixel of the mask's object lies inside the moved box
      const [x0, y0, x1, y1] = out.kept.length ? Array.from(out.boxes!) : [0, 0, 0, 0];
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 40; x++) {
          if (out.masks!.data[y * 40 + x] === 3) expect(x >= Math.floor(x0) && x + 1 <= Math.ceil(x1) + 1e-9 && y >= Math.floor(y0) && y + 1 <= Math.ceil(y1) + 1e-9).toBe(true);
        }
      }
      expect(out.labels).toEqual(out.kept.length ? [5] : []);
    }
  });

  test('colour ops leave every target alone', () => {
    const sample = { image: img, boxes: [1, 2, 30, 40], keypoints: [3, 4, 1], labels: [1] };
    const { sample: out } = augmentSample(colorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.2 }), sample, new Random(1));
    close(out.boxes, [1, 2, 30, 40]);
    close(out.keypoints, [3, 4, 1]);
    expect(out.image.data).not.toEqual(img.data);
  });

  test('random crops with padding and resizes carry targets (the record says where)', () => {
    const { sample: out, record } = augmentSample(compose([pad({ padding: 4 }), randomCrop({ size: 40 }), resize({ size: 20 })]), { image: img, boxes: [20, 10, 40, 20] }, new Random(9));
    const crop = record.ops.find((op) => op.type === 'crop') as { top: number; left: number };
    expect(crop.left).toBe(24); // the draw of seed 9 cuts the box's left edge
    close(out.boxes, [Math.max(0, 24 - crop.left) / 2, (14 - crop.top) / 2, (44 - crop.left) / 2, (24 - crop.top) / 2]);
  });

  test('bad targets are rejected by name before anything runs', () => {
    const run = fixedOps([{ type: 'flipLeftRight' }]);
    expect(errorOf(() => run({ image: img, boxes: [1, 2, 3] })()).argument).toBe('sample.boxes');
    expect(errorOf(() => run({ image: img, boxes: [5, 2, 3, 4] })()).argument).toBe('sample.boxes[0]');
    expect(errorOf(() => run({ image: img, boxes: [1, 2, 3, NaN] })()).argument).toBe('sample.boxes[3]');
    expect(errorOf(() => run({ image: img, boxes: [1, 2, 3, 4], labels: [1, 2] })()).argument).toBe('sample.labels.length');
    expect(errorOf(() => run({ image: img, keypoints: [1, 2] })()).argument).toBe('sample.keypoints');
    expect(errorOf(() => run({ image: img, masks: floatImage(10, 10, 1) })()).argument).toBe('sample.masks');
    expect(errorOf(() => run({ image: img, boxes: [1, 2, 3, 4] })({ boxFormat: 'yxyx' as 'xyxy' })).argument).toBe('sample.options.boxFormat');
    expect(errorOf(() => run({ image: img })({ minVisibility: 2 })).argument).toBe('sample.options.minVisibility');
  });
});
