import * as tf from '@tensorflow/tfjs';
import { Random } from '@descent/core';
import { augmentSample, colorJitter, compose, image, pad, randomHorizontalFlip, randomResizedCrop, replaySample } from '@descent/augment';
import { augmentSampleTensor, replaySampleTensor } from '@descent/augment/tfjs';
import { byteImage, errorOf, floatImage } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('targets on tensors', () => {
  const img = floatImage(30, 40, 3);
  const classes = byteImage(30, 40, 1).data.map((v) => v % 5);
  const boxes = [2, 3, 20, 25, 25, 10, 39, 29, 0, 0, 6, 4];
  const keypoints = [5, 5, 2, 30, 20, 1, 39.5, 29.5, 1, 1, 1, 0];

  test('the same draws and numbers as the typed-array path: image, int32 masks, boxes, keypoints, labels', () => {
    const pipeline = compose([pad({ padding: 3, paddingMode: 'reflect' }), randomResizedCrop({ size: [24, 32], scale: [0.3, 1] }), randomHorizontalFlip(), colorJitter({ brightness: 0.4, hue: 0.1 })]);
    const options = { boxFormat: 'cxcywh' as const, minVisibility: 0.3 };
    const a = new Random(11);
    const b = new Random(11);
    let dropped = 0;
    for (let trial = 0; trial < 8; trial++) {
      const typed = augmentSample(pipeline, { image: img, masks: image(classes, [30, 40, 1]), boxes: boxesAsCxcywh(boxes), keypoints, labels: Int32Array.from([1, 2, 3]) }, a, options);
      const tensors = {
        image: tf.tensor3d(img.data, [30, 40, 3]),
        masks: tf.tensor3d(Int32Array.from(classes), [30, 40, 1], 'int32'),
        boxes: tf.tensor2d(boxesAsCxcywh(boxes), [3, 4]),
        keypoints: tf.tensor3d(keypoints, [2, 2, 3]),
        labels: tf.tensor1d([1, 2, 3], 'int32'),
      };
      const { sample: out, record } = augmentSampleTensor(pipeline, tensors, b, options);
      expect(record).toEqual(typed.record);
      expect(out.kept).toEqual(typed.sample.kept);
      dropped += 3 - out.kept.length;
      const image3 = out.image.dataSync();
      Array.from(typed.sample.image.data).forEach((v, i) => expect(Math.abs(image3[i] - v)).toBeLessThan(1e-5));
      expect(out.masks!.dtype).toBe('int32');
      expect(out.masks!.shape).toEqual([24, 32, 1]);
      expect(Array.from(out.masks!.dataSync())).toEqual(Array.from(typed.sample.masks!.data));
      expect(out.boxes!.shape).toEqual([out.kept.length, 4]);
      expect(Array.from(out.boxes!.dataSync())).toEqual(Array.from(typed.sample.boxes!));
      expect(out.keypoints!.shape).toEqual([2, 2, 3]);
      expect(Array.from(out.keypoints!.dataSync())).toEqual(Array.from(typed.sample.keypoints!));
      expect(Array.from(out.labels!.dataSync())).toEqual(Array.from(typed.sample.labels as Int32Array));
      const again = replaySampleTensor(record, tensors, options);
      expect(Array.from(again.boxes!.dataSync())).toEqual(Array.from(out.boxes!.dataSync()));
      expect(Array.from(again.masks!.dataSync())).toEqual(Array.from(out.masks!.dataSync()));
      expect(Array.from(replaySample(record, { image: img, boxes: boxesAsCxcywh(boxes) }, options).boxes!)).toEqual(Array.from(out.boxes!.dataSync()));
      tf.dispose([Object.values(tensors), out.image, out.masks!, out.boxes!, out.keypoints!, out.labels!, again.image, again.masks!, again.boxes!]);
    }
    expect(dropped).toBeGreaterThan(0); // some draws crop boxes away
  });

  test('a flip moves a box and a keypoint by the formulas', () => {
    const record = { input: [30, 40, 3] as [number, number, number], ops: [{ type: 'flipLeftRight' as const }, { type: 'resize' as const, height: 15, width: 20, interpolation: 'nearest' as const }] };
    const out = replaySampleTensor(record, { image: tf.tensor3d(img.data, [30, 40, 3]), boxes: tf.tensor2d([2, 3, 20, 25], [1, 4]), keypoints: tf.tensor2d([5, 6, 1], [1, 3]) });
    expect(Array.from(out.boxes!.dataSync())).toEqual([10, 1.5, 19, 12.5]);
    expect(Array.from(out.keypoints!.dataSync())).toEqual([17.5, 3, 1]);
    expect(out.image.shape).toEqual([15, 20, 3]);
  });

  test('bad tensors are rejected by name and the generator is not drawn from', () => {
    const random = new Random(1);
    const before = new Random(1).nextFloat();
    const image3 = tf.tensor3d(img.data, [30, 40, 3]);
    expect(errorOf(() => augmentSampleTensor(randomHorizontalFlip(), { image: image3, boxes: tf.tensor2d([1, 2, 3], [1, 3]) }, random)).argument).toBe('randomHorizontalFlip: sample.boxes');
    expect(errorOf(() => augmentSampleTensor(randomHorizontalFlip(), { image: image3, masks: tf.zeros([5, 5, 1]) as tf.Tensor3D }, random)).argument).toBe('randomHorizontalFlip: sample.masks.shape');
    expect(errorOf(() => augmentSampleTensor(randomHorizontalFlip(), { image: image3, keypoints: tf.zeros([4, 2]) }, random)).argument).toBe('randomHorizontalFlip: sample.keypoints');
    expect(errorOf(() => augmentSampleTensor(randomHorizontalFlip(), { image: tf.zeros([30, 40, 3], 'int32') as tf.Tensor3D }, random)).argument).toBe('randomHorizontalFlip: sample.image.dtype');
    expect(random.nextFloat()).toBe(before);
  });
});

/** xyxy boxes written as cxcywh. */
function boxesAsCxcywh(xyxy: number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < xyxy.length; k += 4) out.push((xyxy[k] + xyxy[k + 2]) / 2, (xyxy[k + 1] + xyxy[k + 3]) / 2, xyxy[k + 2] - xyxy[k], xyxy[k + 3] - xyxy[k + 1]);
  return out;
}
