import type { RuleProgram } from '@descent/core';
import { floatLiteral, printStatements, programOutputs, type ShaderSyntax } from './shader-text';

/** The WebGL input names of a program: the parameter, the gradient, its slots, then its per-tensor sums (scalar textures). */
export function webglInputNames(program: RuleProgram): string[] {
  return ['P', 'G', ...program.slots.map((_, k) => `S${k}`), ...(program.reduction?.sums ?? []).map((_, k) => `R${k}`)];
}

/**
 * GLSL ES 3.0 over packed texels: every value is a vec4 of four elements, each input read by
 * `read(name)`. A per-tensor sum is a scalar texture, splatted; per-row and per-column values
 * are textures of their own shape ([…, rows, 1], […, 1, columns]) that tfjs's samplers broadcast.
 */
const packedGlsl = (program: RuleProgram, read: (name: string) => string): ShaderSyntax => ({
  declare: (k, expression) => `vec4 t${k} = ${expression};`,
  input: (kind, index) =>
    kind === 'param'
      ? read('P')
      : kind === 'grad'
        ? read('G')
        : kind === 'slot'
          ? read(`S${index}`)
          : kind === 'reduced'
            ? perTensor(program, index)
              ? `vec4(${read(`R${index}`)}.x)`
              : read(`R${index}`)
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

/** Inputs through tfjs's sampling functions (any packed layout tfjs gives them). */
const tfjsInputs = (name: string) => `get${name}AtOutCoords()`;
/**
 * Inputs as the texel this fragment writes (every texture of one packed layout), sampled at
 * tfjs's quad coordinate resultUV as tfjs's own same-shape programs do (nearest texel, so
 * exact); texelFetch at gl_FragCoord measured slower on SwiftShader (sgd 0.8 against 0.5-0.6
 * of tf.train's time, same runs).
 */
const sameTexel = (name: string) => `texture(${name}, resultUV)`;

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
export function paddingMask(shape: readonly number[], t: string): string[] {
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
  const body = [...printStatements(program, packedGlsl(program, tfjsInputs)), ...paddingMask(shape, `t${output}`), `setOutput(t${output});`];
  return ['void main() {', ...body.map((line) => `  ${line}`), '}'].join('\n');
}

/**
 * A whole fragment shader writing every output of the program at once (draw buffer k holds
 * output k: the parameter, then each slot the update changes). Inputs are samplers named
 * as webglInputNames, all packed textures of the output's layout, so a fragment reads the
 * texel it writes (at resultUV, the varying of tfjs's vertex shader); coefficients are the
 * uniforms c0, c1, …. For element-wise programs (no per-tensor sums).
 */
export function printGlslDrawBuffers(program: RuleProgram): string {
  const outputs = programOutputs(program);
  return [
    '#version 300 es',
    'precision highp float;',
    'precision highp int;',
    'precision highp sampler2D;',
    ...webglInputNames(program).map((name) => `uniform sampler2D ${name};`),
    ...program.coefficients.map((_, k) => `uniform float c${k};`),
    'in vec2 resultUV;',
    ...outputs.map((_, k) => `layout(location = ${k}) out vec4 o${k};`),
    'void main() {',
    ...printStatements(program, packedGlsl(program, sameTexel)).map((line) => `  ${line}`),
    ...outputs.map((output, k) => `  o${k} = t${output.at};`),
    '}',
  ].join('\n');
}
