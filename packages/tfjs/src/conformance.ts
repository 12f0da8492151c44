import { extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import type { ConformanceTarget } from '@descent/conformance';
import type { Chromium } from '@descent/conformance/browser';
import { backendTarget, type TargetOptions } from './conformance/backend-target';

export type { TargetOptions } from './conformance/backend-target';

/** Options of a conformance target: the execution, and for the browser targets a Chromium to share. */
export interface CreateTargetOptions extends TargetOptions {
  /** Browser targets: run in this Chromium (launched with `launchChromium({ gpu: true })`) instead of launching one. */
  browser?: Chromium;
}

/** The tfjs backend of each target run here in Node. */
const NODE_BACKENDS: Readonly<Record<string, string>> = { tfjs: 'cpu', 'tfjs-wasm': 'wasm' };
/** The targets run in headless Chromium (see ./conformance/page). */
const BROWSER_TARGETS: readonly string[] = ['tfjs-webgl', 'tfjs-webgpu'];

/**
 * The conformance targets of this package: "tfjs" runs every case through the descent
 * optimizers on the cpu backend, "tfjs-wasm" on the wasm backend, "tfjs-webgl" and
 * "tfjs-webgpu" on those backends in a page of headless Chromium (WebGL2 and WebGPU on
 * SwiftShader; needs playwright-core, esbuild and a Chromium). Every case runs the same
 * way on each (see backendTarget). `dispose` restores the backend, or closes the page.
 */
export async function createTarget(name: string, options: CreateTargetOptions = {}): Promise<ConformanceTarget> {
  const { browser, ...targetOptions } = options;
  const backend = NODE_BACKENDS[name];
  if (backend !== undefined) {
    if (backend === 'wasm' && tf.findBackendFactory('wasm') == null) await import('@tensorflow/tfjs-backend-wasm');
    return backendTarget(name, backend, targetOptions);
  }
  if (BROWSER_TARGETS.includes(name)) {
    const { createBrowserTarget } = await import('@descent/conformance/browser');
    // The page script beside this file: its .ts source under jest, the built .js from dist.
    const entry = join(__dirname, 'conformance', `page${extname(__filename)}`);
    return createBrowserTarget({ name, entry, options: { ...targetOptions }, browser });
  }
  const names = [...Object.keys(NODE_BACKENDS), ...BROWSER_TARGETS];
  throw new DescentError('target', name, `one of the targets of @descent/tfjs: ${names.join(', ')}`);
}
