import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { paddingMask } from './glsl';
import { isWebglBackend } from './webgl-kernel';

/**
 * A float32 tensor of `shape` holding `value` everywhere, written by one packed program on
 * the webgl backend: the layout the one-draw update reads (webgl-draw-buffers.ts), so a
 * slot made with it takes that path from the first step. tf.fill writes an unpacked
 * texture, which would send the first step through one tfjs program per output (each
 * compiled per variable shape) after packing the slots. The padding lanes of the texels
 * hold zeros, as tfjs keeps them; the value is a uniform, so the program compiles once per
 * shape. Scalars and empty shapes take tf.fill (one value, no layout to match).
 */
export function packedFill(shape: readonly number[], value: number): tf.Tensor {
  const backend = tf.backend();
  if (!isWebglBackend(backend)) throw new DescentError('backend', tf.getBackend(), 'the webgl backend (a packed fill runs a webgl program)');
  if (shape.length === 0 || shape.some((n) => n === 0)) return tf.fill([...shape], value, 'float32');
  const userCode = ['void main() {', '  vec4 t = vec4(fillValue);', ...paddingMask(shape, 't').map((line) => `  ${line}`), '  setOutput(t);', '}'].join('\n');
  const info = backend.compileAndRun(
    { variableNames: [], outputShape: [...shape], userCode, packedInputs: false, packedOutput: true, customUniforms: [{ name: 'fillValue', type: 'float' }] },
    [],
    'float32',
    [[value]],
  );
  return tf.engine().makeTensorFromTensorInfo(info);
}
