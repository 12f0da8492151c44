import type { RuleProgram } from '@descent/core';
import { floatLiteral, printStatements, type ShaderSyntax } from './shader-text';

/** The WebGL input names of a program: the parameter, the gradient, its slots, then its per-tensor sums (scalar textures). */
export function webglInputNames(program: RuleProgram): string[] {
  return ['P', 'G', ...program.slots.map((_, k) => `S${k}`), ...(program.reduction?.sums ?? []).map((_, k) => `R${k}`)];
}

/**
 * GLSL ES 3.0 over packed texels: every value is a vec4 of four elements. A per-tensor sum
 * is a scalar texture, splatted; per-row and per-column values are textures of their own
 * shape ([…, rows, 1], […, 1, columns]) that tfjs's samplers broadcast.
 */
const packedGlsl = (program: RuleProgram): ShaderSyntax => ({
  declare: (k, expression) => `vec4 t${k} = ${expression};`,
  input: (kind, index) =>
    kind === 'param'
      ? 'getPAtOutCoords()'
      : kind === 'grad'
        ? 'getGAtOutCoords()'
        : kind === 'slot'
          ? `getS${index}AtOutCoords()`
          : kind === 'reduced'
            ? perTensor(program, index)
              ? `vec4(getR${index}AtOutCoords().x)`
              : `getR${index}AtOutCoords()`
            : `vec4(c${index})`,
  literal: (value) => `vec4(${floatLiteral(value)})`,
  select: (test, left, right, ifTrue, ifFalse) =>
    `vec4(${['x', 'y', 'z', 'w'].map((l) => `${left}.${l} ${test} ${right}.${l} ? ${ifTrue}.${l} : ${ifFalse}.${l}`).join(', ')})`,
});

/** True when the program's sum `k` is one number per tensor. */
function perTensor(program: RuleProgram, k: number): boolean {
  const reduction = program.reduction;
  return reduction === null || reduction.extents[reduction.sums[k]] === 'tensor';
}

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
 * that shape (per-row and per-column values of their own, broadcast), and a scalar texture
 * per per-tensor sum (computed on the GPU, so nothing is read back); coefficients are the
 * uniforms c0, c1, ….
 */
export function printGlsl(program: RuleProgram, output: number, shape: readonly number[]): string {
  const body = [...printStatements(program, packedGlsl(program)), ...paddingMask(shape, `t${output}`), `setOutput(t${output});`];
  return ['void main() {', ...body.map((line) => `  ${line}`), '}'].join('\n');
}
