import * as tf from '@tensorflow/tfjs';
import type { AugmentCase, AugmentRun, CaseTargets, ConformanceTarget } from '@descent/conformance';
import { assertAugmentOpConfig, DescentError, type AugmentOpConfig } from '@descent/core';
import { applyOpToTensor } from './ops';
import { replaySampleTensor } from './targets';

/** A case with targets: its image, boxes, keypoints and labels as tensors, the op replayed on them all. */
async function runWithTargets(c: AugmentCase, targets: CaseTargets, op: AugmentOpConfig): Promise<AugmentRun> {
  const [height, width, channels] = c.input.shape;
  const { boxes, keypoints, labels, ...options } = targets;
  const sample = {
    image: tf.tensor3d(c.input.values, [height, width, channels]),
    boxes: tf.tensor2d(boxes, [boxes.length / 4, 4]),
    keypoints: tf.tensor2d(keypoints, [keypoints.length / 3, 3]),
    labels: tf.tensor1d(labels, 'int32'),
  };
  const out = replaySampleTensor({ input: [height, width, channels], ops: [op] }, sample, options);
  try {
    return {
      shape: out.image.shape,
      values: await out.image.data(),
      targets: { boxes: await out.boxes!.data(), keypoints: await out.keypoints!.data(), labels: await out.labels!.data() },
    };
  } finally {
    tf.dispose([Object.values(sample), out.image, out.boxes!, out.keypoints!, out.labels!]);
  }
}

/**
 * An "augment-tfjs…" target: each case's op on a [1, h, w, c] tensor with the given tfjs
 * backend ("cpu" in Node; "webgl" or "webgpu" in a page), read back with `data()`.
 * Throws naming the backend when it is not registered or fails to initialize;
 * `dispose` restores the backend active before.
 */
export async function tensorTarget(name: string, backend = 'cpu'): Promise<ConformanceTarget> {
  const previous = tf.getBackend() as string | undefined;
  if (tf.findBackendFactory(backend) == null) throw new DescentError('backend', backend, 'a tfjs backend registered here (import its package first)');
  if (!(await tf.setBackend(backend))) throw new DescentError('backend', backend, 'a tfjs backend that initializes here (this one failed to)');
  await tf.ready();
  return {
    name,
    precision: 'float32',
    async runAugmentCase(c: AugmentCase): Promise<AugmentRun> {
      const [height, width, channels] = c.input.shape;
      const { op } = c;
      assertAugmentOpConfig(op, `case "${c.id}".op`);
      if (c.targets !== undefined) return runWithTargets(c, c.targets, op);
      const bytes = c.input.dtype === 'uint8';
      // uint8 cases the way the tensor API takes bytes: x/255 in, round(255·y) clamped out (tf.round: ties to even)
      const out = tf.tidy(() => {
        const x = tf.tensor4d(c.input.values, [1, height, width, channels]);
        const y = applyOpToTensor(bytes ? tf.div(x, 255) : x, op);
        return bytes ? tf.clipByValue(tf.round(tf.mul(y, 255)), 0, 255) : y;
      });
      try {
        return { shape: out.shape.slice(1), values: await out.data() };
      } finally {
        out.dispose();
      }
    },
    async dispose() {
      if (previous !== undefined && previous !== backend) await tf.setBackend(previous);
    },
  };
}
