import type { RuleProgram } from '@descent/core';
import { floatLiteral, printStatements, programOutputs, type ShaderSyntax } from './shader-text';

/** Threads per workgroup of the update shader. */
export const WORKGROUP_SIZE = 64;

const wgsl: ShaderSyntax = {
  declare: (k, expression) => `let t${k} : f32 = ${expression};`,
  input: (kind, index) => (kind === 'param' ? 'p[i]' : kind === 'grad' ? 'g[i]' : kind === 'slot' ? `s${index}[i]` : `u.c${index}`),
  literal: floatLiteral,
  select: (test, left, right, ifTrue, ifFalse) => `select(${ifFalse}, ${ifTrue}, ${left} ${test} ${right})`,
};

/**
 * The WGSL compute shader of a program: one invocation per element reads the parameter,
 * the gradient and the slots and writes the given outputs (by default all: the new
 * parameter, then each slot the update changes) in one dispatch. Bindings: outputs first,
 * then p, g and the slots, then the uniforms (element count n, coefficients c0, c1, …).
 */
export function printWgsl(program: RuleProgram, outputs: readonly { readonly at: number }[] = programOutputs(program)): string {
  const lines: string[] = [];
  let binding = 0;
  lines.push('struct Uniforms {', '  n : u32,', ...program.coefficients.map((_, k) => `  c${k} : f32,`), '};');
  outputs.forEach((_, k) => lines.push(`@group(0) @binding(${binding++}) var<storage, read_write> o${k} : array<f32>;`));
  const inputs = ['p', 'g', ...program.slots.map((_, k) => `s${k}`)];
  inputs.forEach((name) => lines.push(`@group(0) @binding(${binding++}) var<storage, read> ${name} : array<f32>;`));
  lines.push(`@group(0) @binding(${binding}) var<uniform> u : Uniforms;`);
  lines.push(
    `@compute @workgroup_size(${WORKGROUP_SIZE})`,
    'fn main(@builtin(global_invocation_id) id : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>) {',
    `  let i = id.x + id.y * groups.x * ${WORKGROUP_SIZE}u;`,
    '  if (i >= u.n) { return; }',
    ...printStatements(program, wgsl).map((line) => `  ${line}`),
    ...outputs.map((output, k) => `  o${k}[i] = t${output.at};`),
    '}',
  );
  return lines.join('\n');
}
