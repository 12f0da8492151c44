import type { RuleProgram } from '@descent/core';
import { floatLiteral, printStatements, programOutputs, type ShaderSyntax } from './shader-text';

/** Threads per workgroup of the update shader (as tfjs's own element-wise programs). */
export const WORKGROUP_SIZE = 128;

/** How many elements one invocation updates: four (vec4) when the element count allows it, else one. */
export type Lanes = 1 | 4;

/** WGSL for values of `lanes` elements: f32, or vec4<f32> with coefficients and constants splatted. */
function wgslSyntax(lanes: Lanes): ShaderSyntax {
  const type = lanes === 4 ? 'vec4<f32>' : 'f32';
  const splat = (scalar: string) => (lanes === 4 ? `vec4<f32>(${scalar})` : scalar);
  return {
    declare: (k, expression) => `let t${k} : ${type} = ${expression};`,
    input: (kind, index) =>
      kind === 'param' ? 'p[i]' : kind === 'grad' ? 'g[i]' : kind === 'slot' ? `s${index}[i]` : kind === 'reduced' ? splat(`r[${index}]`) : splat(`u.c${index}`),
    literal: (value) => splat(floatLiteral(value)),
    // select() and the comparisons work lane by lane on vectors.
    select: (test, left, right, ifTrue, ifFalse) => `select(${ifFalse}, ${ifTrue}, ${left} ${test} ${right})`,
  };
}

/**
 * The WGSL compute shader of a program: one invocation per element (or per four, `lanes`
 * 4, when the element count is a multiple of 4) reads the parameter, the gradient and the
 * slots and writes the given outputs (by default all: the new parameter, then each slot
 * the update changes) in one dispatch. Bindings: outputs first, then p, g and the slots,
 * then `r`, the per-tensor sums (a device buffer of floats, when the program has any), then
 * the uniforms (n, the number of invocations' worth of values; coefficients c0, c1, …).
 */
export function printWgsl(program: RuleProgram, lanes: Lanes, outputs: readonly { readonly at: number }[] = programOutputs(program)): string {
  const array = lanes === 4 ? 'array<vec4<f32>>' : 'array<f32>';
  const lines: string[] = [];
  let binding = 0;
  lines.push('struct Uniforms {', '  n : u32,', ...program.coefficients.map((_, k) => `  c${k} : f32,`), '};');
  outputs.forEach((_, k) => lines.push(`@group(0) @binding(${binding++}) var<storage, read_write> o${k} : ${array};`));
  const inputs = ['p', 'g', ...program.slots.map((_, k) => `s${k}`)];
  inputs.forEach((name) => lines.push(`@group(0) @binding(${binding++}) var<storage, read> ${name} : ${array};`));
  if (program.reduction !== null) lines.push(`@group(0) @binding(${binding++}) var<storage, read> r : array<f32>;`);
  lines.push(`@group(0) @binding(${binding}) var<uniform> u : Uniforms;`);
  lines.push(
    `@compute @workgroup_size(${WORKGROUP_SIZE})`,
    'fn main(@builtin(global_invocation_id) id : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>) {',
    `  let i = id.x + id.y * groups.x * ${WORKGROUP_SIZE}u;`,
    '  if (i >= u.n) { return; }',
    ...printStatements(program, wgslSyntax(lanes)).map((line) => `  ${line}`),
    ...outputs.map((output, k) => `  o${k}[i] = t${output.at};`),
    '}',
  );
  return lines.join('\n');
}
