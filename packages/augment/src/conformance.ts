import type { AugmentCase, AugmentRun, ConformanceTarget } from '@descent/conformance';
import type { AugmentOpConfig } from '@descent/core';
import { image } from './image';
import { applyOp } from './ops';

/** The typed-array ops on one case: the input as a Float32Array image, the op applied once. */
function runOnTypedArrays(c: AugmentCase): AugmentRun {
  const [height, width, channels] = c.input.shape;
  const out = applyOp(image(Float32Array.from(c.input.values), [height, width, channels]), c.op as unknown as AugmentOpConfig);
  return { shape: [out.height, out.width, out.channels], values: out.data };
}

/**
 * The conformance targets of @descent/augment: "augment" runs the typed-array ops,
 * "augment-tfjs" the same ops on tfjs tensors (cpu backend). tfjs is loaded only for
 * the second, so the first works without it installed.
 */
export async function createTarget(name: string): Promise<ConformanceTarget> {
  if (name === 'augment') return { name, precision: 'float32', runAugmentCase: runOnTypedArrays };
  if (name === 'augment-tfjs') {
    const { tensorTarget } = await import('./tensor/conformance-target');
    return tensorTarget(name);
  }
  throw new Error(`@descent/augment has no target "${name}"; its targets: augment, augment-tfjs`);
}
