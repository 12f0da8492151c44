'use strict';
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-webgpu');

/** True when the browser offers a WebGPU adapter (tfjs registers its webgpu backend only where navigator.gpu exists). */
async function hasWebGpu() {
  if (!navigator.gpu || tf.findBackendFactory('webgpu') == null) return false;
  try {
    return (await navigator.gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

/**
 * Activates the backend asked for ("webgpu", "webgl", "cpu"), or with "auto" the first of
 * webgpu (when the browser has it), webgl and cpu that starts. Returns its name.
 * @param {string} wanted
 * @returns {Promise<string>}
 */
async function chooseBackend(wanted) {
  const candidates = wanted === 'auto' ? ['webgpu', 'webgl', 'cpu'] : [wanted];
  for (const name of candidates) {
    if (name === 'webgpu' && !(await hasWebGpu())) continue;
    if (tf.findBackendFactory(name) != null && (await tf.setBackend(name))) {
      await tf.ready();
      return name;
    }
  }
  throw new Error(`no backend among ${candidates.join(', ')} starts in this browser`);
}

module.exports = { chooseBackend };
