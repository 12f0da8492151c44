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

/**
 * The fragment shader body (tfjs `userCode`) writing one output of the program: the new
 * parameter when `output` is the parameter's instruction, or a slot's new value. Inputs
 * are packed textures of one shape, and a scalar texture per per-tensor sum (computed on
 * the GPU, so nothing is read back); coefficients are the uniforms c0, c1, ….
 */
export function printGlsl(program: RuleProgram, output: number): string {
  return ['void main() {', ...printStatements(program, packedGlsl(program)).map((line) => `  ${line}`), `  setOutput(t${output});`, '}'].join('\n');
}
