import * as tf from '@tensorflow/tfjs';
import type { AugmentCase, AugmentRun, ConformanceTarget } from '@descent/conformance';
import type { AugmentOpConfig } from '@descent/core';
import { applyOpToTensor } from './ops';

/**
 * An "augment-tfjs…" target: each case's op on a [1, h, w, c] tensor with the given tfjs
 * backend ("cpu" in Node; "webgl" or "webgpu" in a page), read back with `data()`.
 * Throws naming the backend when it is not registered or fails to initialize;
 * `dispose` restores the backend active before.
 */
export async function tensorTarget(name: string, backend = 'cpu'): Promise<ConformanceTarget> {
  const previous = tf.getBackend() as string | undefined;
  if (tf.findBackendFactory(backend) == null) throw new Error(`the tfjs "${backend}" backend is not registered here`);
  if (!(await tf.setBackend(backend))) throw new Error(`the tfjs "${backend}" backend is not available here (it failed to initialize)`);
  await tf.ready();
  return {
    name,
    precision: 'float32',
    async runAugmentCase(c: AugmentCase): Promise<AugmentRun> {
      const [height, width, channels] = c.input.shape;
      const out = tf.tidy(() => applyOpToTensor(tf.tensor4d(c.input.values, [1, height, width, channels]), c.op as unknown as AugmentOpConfig));
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
