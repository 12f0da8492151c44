import * as tf from '@tensorflow/tfjs';
import { DescentError, type RuleProgram } from '@descent/core';
import { finiteAtZero } from './finite-at-zero';
import { printGlsl, webglInputNames } from './glsl';
import { mergeSlots, programOutputs } from './shader-text';
import { drawAllOutputs, hasDrawBuffers } from './webgl-draw-buffers';
import type { TensorUpdate } from '../engine/tensor-update';

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

/** The part of tfjs's webgl backend the update uses: running a program written as tfjs `userCode`. */
export interface WebglBackend {
  compileAndRun(
    program: {
      variableNames: string[];
      outputShape: number[];
      userCode: string;
      packedInputs: boolean;
      packedOutput: boolean;
      customUniforms: { name: string; type: 'float' }[];
    },
    inputs: TensorInfo[],
    outputDtype: 'float32',
    customUniformValues: number[][],
  ): TensorInfo;
}

/** True when `backend` can run webgl programs. */
export function isWebglBackend(backend: unknown): backend is WebglBackend {
  return typeof (backend as Partial<WebglBackend> | null)?.compileAndRun === 'function';
}

const shaders = new WeakMap<RuleProgram, Map<string, string[]>>();

/** The shader of each output of a program (the parameter, then each slot it changes) for a shape, printed once per program object and shape. */
function shadersOf(program: RuleProgram, shape: readonly number[]): string[] {
  let byShape = shaders.get(program);
  if (byShape === undefined) {
    byShape = new Map();
    shaders.set(program, byShape);
  }
  const key = shape.join(',');
  let printed = byShape.get(key);
  if (printed === undefined) {
    printed = programOutputs(program).map((output) => printGlsl(program, output.at, shape));
    byShape.set(key, printed);
  }
  return printed;
}

/**
 * The update on the webgl backend. On WebGL2, with the inputs as packed textures of one
 * layout (as GPU programs and backprop leave them), one draw writes every output (draw
 * buffers, see webgl-draw-buffers.ts) when the update is element-wise and finite at zero.
 * Otherwise one tfjs fragment program per output (a tfjs program writes one texture), each
 * reading the parameter, gradient and slots in whatever layout they are, and the per-tensor
 * sums as scalar textures. The coefficients are uniforms either way, so a program
 * compiles once per rule (and shape), not per step.
 */
export const webglUpdate: TensorUpdate = (program, p, g, slots, c, sums) => {
  const backend = tf.backend();
  if (!isWebglBackend(backend)) throw new DescentError('backend', tf.getBackend(), 'the webgl backend (this update runs webgl programs)');
  const inputs = [p, g, ...slots, ...sums];
  const drawn = program.reduction === null && hasDrawBuffers(backend) && finiteAtZero(program, c) ? drawAllOutputs(backend, program, inputs, c) : null;
  if (drawn !== null) {
    const outputs = drawn.map((info) => tf.engine().makeTensorFromTensorInfo(info));
    return { param: outputs[0], slots: mergeSlots(program, slots, outputs.slice(1)) };
  }
  const uniforms = program.coefficients.map((_, k) => ({ name: `c${k}`, type: 'float' as const }));
  const values = Array.from(c, (v) => [v]);
  const variableNames = webglInputNames(program);
  const outputs = shadersOf(program, p.shape).map((userCode) => {
    const info = backend.compileAndRun(
      { variableNames, outputShape: p.shape, userCode, packedInputs: true, packedOutput: true, customUniforms: uniforms },
      inputs,
      'float32',
      values,
    );
    return tf.engine().makeTensorFromTensorInfo(info);
  });
  return { param: outputs[0], slots: mergeSlots(program, slots, outputs.slice(1)) };
};
