import * as tf from '@tensorflow/tfjs';
import { buildProgram, resolveRule } from '@descent/core';
import { opsReduction } from '../src/engine/ops-kernel';
import { printGlsl, webglInputNames } from '../src/gpu/glsl';
import { printWgsl } from '../src/gpu/wgsl';

function programOf(type: string, rank = 1) {
  const { definition, hyperparameters } = resolveRule({ type });
  return buildProgram(definition, hyperparameters, rank);
}

test('a per-tensor sum reaches the WebGL shader as a scalar texture and the WGSL one as a storage buffer, never a uniform', () => {
  const lamb = programOf('lamb');
  expect(webglInputNames(lamb)).toEqual(['P', 'G', 'S0', 'S1', 'R0', 'R1']);
  const glsl = printGlsl(lamb, lamb.param, [5]);
  expect(glsl).toContain('vec4(getR0AtOutCoords().x)');
  expect(glsl).toContain('vec4(getR1AtOutCoords().x)');
  const wgsl = printWgsl(lamb, 4);
  expect(wgsl).toContain('var<storage, read> r : array<f32>;');
  expect(wgsl).toContain('vec4<f32>(r[0])');
  expect(wgsl).not.toMatch(/struct Uniforms \{[^}]*\br\d/);
});

test('per-row and per-column values reach the WebGL shader as their own textures, read at the output coordinates', () => {
  const adafactor = programOf('adafactor', 2);
  expect(adafactor.broadcasts).toBe(true);
  expect(adafactor.slotExtents).toEqual(['row', 'column']);
  const glsl = printGlsl(adafactor, adafactor.param, [3, 5]);
  expect(glsl).toContain('getS0AtOutCoords()');
  expect(glsl).toContain('getS1AtOutCoords()');
});

test('the tf-ops reduction keeps the summed axis, so row and column sums broadcast against the tensor', () => {
  const adafactor = programOf('adafactor', 2);
  tf.tidy(() => {
    const p = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const g = tf.tensor2d([[1, 0, 2], [0, 3, 0]]);
    const slots = [tf.zeros([2, 1]), tf.zeros([1, 3])];
    const c = new Float64Array(adafactor.coefficients.length);
    adafactor.coefficients.forEach((name, k) => (c[k] = name === 'weight' || name === 'inverseRows' || name === 'inverseColumns' ? 1 : 0));
    const { sums, slots: factored } = opsReduction(adafactor, p, g, slots, c);
    const shapes = sums.map((s) => s.shape);
    expect(shapes).toContainEqual([2, 1]);
    expect(shapes).toContainEqual([1, 3]);
    // With weight 1 and unit scales the new factors are the plain row and column sums of g².
    expect(Array.from(factored[0]!.dataSync())).toEqual([5, 9]);
    expect(Array.from(factored[1]!.dataSync())).toEqual([1, 9, 4]);
  });
});
