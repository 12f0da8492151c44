import { extname, join } from 'node:path';
import type { AugmentCase, AugmentRun, ConformanceTarget } from '@descent/conformance';
import type { Chromium } from '@descent/conformance/browser';
import { assertAugmentOpConfig, DescentError } from '@descent/core';
import { image } from './image';
import { applyOp } from './ops';
import { replaySample } from './targets/sample';

/** Options of the browser targets. */
export interface CreateTargetOptions {
  /** Run in this Chromium (launched with `launchChromium({ gpu: true })`) instead of launching one. */
  browser?: Chromium;
}

/** The targets run in headless Chromium (see ./tensor/conformance-page). */
const BROWSER_TARGETS: readonly string[] = ['augment-tfjs-webgl', 'augment-tfjs-webgpu'];

/** The typed-array ops on one case: the input as a Float32Array image (a Uint8Array for `dtype: "uint8"`), the op applied once (to its targets too, when it has some). */
function runOnTypedArrays(c: AugmentCase): AugmentRun {
  const [height, width, channels] = c.input.shape;
  const { op } = c;
  assertAugmentOpConfig(op, `case "${c.id}".op`);
  const pixels = c.input.dtype === 'uint8' ? Uint8Array.from(c.input.values) : Float32Array.from(c.input.values);
  const input = image(pixels, [height, width, channels]);
  if (c.targets === undefined) {
    const out = applyOp(input, op);
    return { shape: [out.height, out.width, out.channels], values: out.data };
  }
  const { boxes, keypoints, labels, ...options } = c.targets;
  const out = replaySample({ input: [height, width, channels], ops: [op] }, { image: input, boxes, keypoints, labels: Int32Array.from(labels) }, options);
  return {
    shape: [out.image.height, out.image.width, out.image.channels],
    values: out.image.data,
    targets: { boxes: out.boxes!, keypoints: out.keypoints!, labels: out.labels as Int32Array },
  };
}

/**
 * The conformance targets of @descent/augment: "augment" runs the typed-array ops,
 * "augment-tfjs" the same ops on tfjs tensors (cpu backend), "augment-tfjs-webgl" and
 * "augment-tfjs-webgpu" on tensors in a page of headless Chromium (WebGL2 and WebGPU on
 * SwiftShader; needs playwright-core, esbuild and a Chromium). tfjs is loaded only for
 * the tensor targets, so the first works without it installed.
 */
export async function createTarget(name: string, options: CreateTargetOptions = {}): Promise<ConformanceTarget> {
  if (name === 'augment') return { name, precision: 'float32', runAugmentCase: runOnTypedArrays };
  if (name === 'augment-tfjs') {
    const { tensorTarget } = await import('./tensor/conformance-target');
    return tensorTarget(name);
  }
  if (BROWSER_TARGETS.includes(name)) {
    const { createBrowserTarget } = await import('@descent/conformance/browser');
    // The page script: its .ts source under jest, the built .js from dist.
    const entry = join(__dirname, 'tensor', `conformance-page${extname(__filename)}`);
    return createBrowserTarget({ name, entry, browser: options.browser });
  }
  throw new DescentError('target', name, `one of the targets of @descent/augment: augment, augment-tfjs, ${BROWSER_TARGETS.join(', ')}`);
}
