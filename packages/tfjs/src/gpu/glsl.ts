import type { RuleProgram } from '@descent/core';
import { floatLiteral, printStatements, type ShaderSyntax } from './shader-text';

/** The WebGL input names of a program: the parameter, the gradient, then its slots. */
export function webglInputNames(program: RuleProgram): string[] {
  return ['P', 'G', ...program.slots.map((_, k) => `S${k}`)];
}

/** GLSL ES 3.0 over packed texels: every value is a vec4 of four elements. */
const packedGlsl: ShaderSyntax = {
  declare: (k, expression) => `vec4 t${k} = ${expression};`,
  input: (kind, index) =>
    kind === 'param' ? 'getPAtOutCoords()' : kind === 'grad' ? 'getGAtOutCoords()' : kind === 'slot' ? `getS${index}AtOutCoords()` : `vec4(c${index})`,
  literal: (value) => `vec4(${floatLiteral(value)})`,
  select: (test, left, right, ifTrue, ifFalse) =>
    `vec4(${['x', 'y', 'z', 'w'].map((l) => `${left}.${l} ${test} ${right}.${l} ? ${ifTrue}.${l} : ${ifFalse}.${l}`).join(', ')})`,
};

/** The letters tfjs names the coordinates of a packed output by: `coords.x`, `coords.y`, …. */
const COORDINATES = ['x', 'y', 'z', 'w', 'u', 'v'];

/**
 * GLSL that zeroes the lanes of the output texel `t` that lie outside `shape`. A packed
 * texel holds a 2×2 block of the last two dimensions, so a shape with an odd row or column
 * count has padding lanes, which tfjs keeps at zero (its packed ops read them: a matMul
 * multiplies them by zero). An update that is not finite at zero state, such as
 * tf.train's centered RMSprop √(s − ā² − ε), must not leave NaN there; tfjs's own packed
 * binary ops mask the same way.
 */
function paddingMask(shape: readonly number[], t: string): string[] {
  const rank = shape.length;
  if (rank === 0) return [`${t}.yzw = vec3(0.);`];
  if (rank === 1) return ['int coords = getOutputCoords();', `${t}.y = coords + 1 >= ${shape[0]} ? 0. : ${t}.y;`, `${t}.zw = vec2(0.);`];
  const [row, col] = COORDINATES.slice(rank - 2, rank).map((d) => `coords.${d}`);
  return [
    `ivec${rank} coords = getOutputCoords();`,
    `bool lastRow = ${row} + 1 >= ${shape[rank - 2]};`,
    `bool lastCol = ${col} + 1 >= ${shape[rank - 1]};`,
    `${t}.y = lastCol ? 0. : ${t}.y;`,
    `${t}.z = lastRow ? 0. : ${t}.z;`,
    `${t}.w = lastRow || lastCol ? 0. : ${t}.w;`,
  ];
}

/**
 * The fragment shader body (tfjs `userCode`) writing one output of the program for a
 * tensor of `shape`: the new parameter when `output` is the parameter's instruction, or a
 * slot's new value, with the texel's padding lanes zeroed. Inputs are packed textures of
 * that shape; coefficients are the uniforms c0, c1, ….
 */
export function printGlsl(program: RuleProgram, output: number, shape: readonly number[]): string {
  const body = [...printStatements(program, packedGlsl), ...paddingMask(shape, `t${output}`), `setOutput(t${output});`];
  return ['void main() {', ...body.map((line) => `  ${line}`), '}'].join('\n');
}
