/**
 * The page script of the "tfjs-webgl" and "tfjs-webgpu" targets, bundled for headless
 * Chromium by `createTarget`: tfjs with its webgl backend and the webgpu backend, and
 * the same backend target as Node's, exposed to the Node side.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { DescentError } from '@descent/core';
import { exposeTarget } from '@descent/conformance/page';
import { backendTarget, type TargetOptions } from './backend-target';

/** The tfjs backend of each browser target. */
export const PAGE_BACKENDS: Readonly<Record<string, string>> = { 'tfjs-webgl': 'webgl', 'tfjs-webgpu': 'webgpu' };

exposeTarget((name, options) => {
  const backend = PAGE_BACKENDS[name];
  if (backend === undefined) throw new DescentError('target', name, `one of the targets of the tfjs page: ${Object.keys(PAGE_BACKENDS).join(', ')}`);
  return backendTarget(name, backend, options as TargetOptions);
});
