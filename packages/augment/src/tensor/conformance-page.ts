/**
 * The page script of the "augment-tfjs-webgl" and "augment-tfjs-webgpu" targets, bundled
 * for headless Chromium by `createTarget`: tfjs with its webgl backend and the webgpu
 * backend, and the same tensor target as Node's, exposed to the Node side.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { DescentError } from '@descent/core';
import { exposeTarget } from '@descent/conformance/page';
import { tensorTarget } from './conformance-target';

/** The tfjs backend of each browser target. */
export const PAGE_BACKENDS: Readonly<Record<string, string>> = { 'augment-tfjs-webgl': 'webgl', 'augment-tfjs-webgpu': 'webgpu' };

exposeTarget((name) => {
  const backend = PAGE_BACKENDS[name];
  if (backend === undefined) throw new DescentError('target', name, `one of the targets of the augment page: ${Object.keys(PAGE_BACKENDS).join(', ')}`);
  return tensorTarget(name, backend);
});
