import * as tf from '@tensorflow/tfjs';
import type { AugmentCase, AugmentRun, ConformanceTarget } from '@descent/conformance';
import type { AugmentOpConfig } from '@descent/core';
import { applyOpToTensor } from './ops';

/** The "augment-tfjs" target: each case's op on a [1, h, w, c] tensor with tfjs's cpu backend. */
export async function tensorTarget(name: string): Promise<ConformanceTarget> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  await tf.ready();
  return {
    name,
    precision: 'float32',
    runAugmentCase(c: AugmentCase): AugmentRun {
      const [height, width, channels] = c.input.shape;
      const out = tf.tidy(() => applyOpToTensor(tf.tensor4d(c.input.values, [1, height, width, channels]), c.op as unknown as AugmentOpConfig));
      const values = out.dataSync();
      const shape = out.shape.slice(1);
      out.dispose();
      return { shape, values };
    },
    async dispose() {
      if (previous !== undefined && previous !== 'cpu') await tf.setBackend(previous);
    },
  };
}
