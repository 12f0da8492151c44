import * as tf from '@tensorflow/tfjs';
import { Random } from '@descent/core';
import * as augment from '@descent/augment';
import { applyOpsToTensor, augmentTensor, augmentTensorWithRecord } from '@descent/augment/tfjs';
import { floatBatch } from './helpers';

/** Activates a tfjs backend, loading the wasm one on first use. */
async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm' && tf.findBackendFactory('wasm') == null) await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(name);
  await tf.ready();
}

/** The batch as augmentTensor computed it before batching: each image's ops on its own slice, then a concat. */
function perImage(x: tf.Tensor4D, ops: Parameters<typeof applyOpsToTensor>[1][]): tf.Tensor4D {
  return tf.tidy(() => tf.concat(ops.map((o, i) => applyOpsToTensor(tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]), o)), 0) as tf.Tensor4D);
}

const PIPELINES: [string, augment.Augmentation, [number, number, number]][] = [
  ['flip + resized crop + jitter (the bench)', augment.compose([augment.randomHorizontalFlip(), augment.randomResizedCrop({ size: 8 }), augment.colorJitter({ brightness: 0.4, contrast: 0.4 })]), [13, 11, 3]],
  ['full jitter', augment.compose([augment.randomResizedCrop({ size: [6, 9] }), augment.randomHorizontalFlip(), augment.colorJitter({ brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.1 })]), [12, 14, 3]],
  ['padded crops with fill, both flips', augment.compose([augment.randomVerticalFlip(), augment.randomCrop({ size: 9, padding: 2, fill: 0.3 }), augment.randomHorizontalFlip(), augment.randomCrop({ size: 7, padding: 1, paddingMode: 'reflect' })]), [10, 10, 3]],
  ['erasing, grayscale, lighting, normalize', augment.compose([augment.randomApply([augment.resize({ size: [7, 5] })], { p: 0.5 }), augment.randomGrayscale({ p: 0.5 }), augment.randomErasing({ p: 0.5 }), augment.pcaLighting(), augment.normalize({ mean: [0.5], std: [0.25] })]), [7, 5, 3]],
  ['grey images', augment.compose([augment.randomHorizontalFlip(), augment.randomResizedCrop({ size: 5 }), augment.colorJitter({ brightness: 0.2, contrast: 0.2, saturation: 0.2, hue: 0.2 })]), [9, 8, 1]],
  ['the lecture example\'s digits (pad 2, resized crop 28)', augment.compose([augment.pad({ padding: 2 }), augment.randomResizedCrop({ size: 28, scale: [0.7, 1], ratio: [0.85, 1.18] })]), [28, 28, 1]],
];

describe.each(['cpu', 'wasm'] as const)('batched tensor augmentation on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));

  test.each(PIPELINES)('%s: the same bits as image by image, the same draws', (_, pipeline, [h, w, c]) => {
    for (const count of [1, 2, 9, 32]) {
      const x = tf.tensor4d(floatBatch(count, h, w, c, count).data, [count, h, w, c]);
      const before = tf.memory().numTensors;
      const { output, records } = augmentTensorWithRecord(pipeline, x, new Random(count * 5 + 1));
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(records).toEqual(pipeline.applyWithRecord({ ...floatBatch(count, h, w, c, count) }, new Random(count * 5 + 1)).records);
      const reference = perImage(x, records.map((r) => r.ops));
      expect(output.shape).toEqual(reference.shape);
      expect(Array.from(output.dataSync())).toEqual(Array.from(reference.dataSync()));
      tf.dispose([x, output, reference]);
    }
  });

  test('the bench pipeline runs a few dozen kernels for a batch of 16, not hundreds', async () => {
    const pipeline = PIPELINES[0][1];
    const x = tf.tensor4d(floatBatch(16, 32, 32, 3).data, [16, 32, 32, 3]);
    const profile = await tf.profile(() => augmentTensor(pipeline, x, new Random(7)));
    expect(profile.kernels.length).toBeLessThan(60);
    tf.dispose([x, profile.result as tf.Tensor]);
  });

  test('a pipeline without ops returns a new tensor', () => {
    const x = tf.tensor4d(floatBatch(2, 4, 4, 3).data, [2, 4, 4, 3]);
    const y = augmentTensor(augment.randomHorizontalFlip({ p: 0 }), x, new Random(1));
    expect(y).not.toBe(x);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y]);
  });
});
