import type { Instruction, RuleProgram } from '../rules/program';
import { printExpression, type ExpressionSyntax } from './print-expression';
import type { FloatArray } from '../transforms/transform';

/**
 * A rule's update over typed arrays, in place: the parameter `p`, the gradient `g`, the
 * slots in the program's order and the coefficients in the program's order. Float32Arrays
 * give the fast engine's JavaScript path, Float64Arrays the float64 reference.
 */
export type JsKernel = (p: FloatArray, g: FloatArray, slots: readonly FloatArray[], c: Float64Array) => void;

const javascript: ExpressionSyntax = {
  input: (kind, index) => (kind === 'param' ? 'p[i]' : kind === 'grad' ? 'g[i]' : kind === 'slot' ? `s${index}[i]` : `c${index}`),
  literal: (value) => `(${value})`,
  call: (name, args) => `Math.${name}(${args.join(', ')})`,
  select: (test, left, right, ifTrue, ifFalse) => `${left} ${test} ${right} ? ${ifTrue} : ${ifFalse}`,
};

/** The body of the kernel's function: one loop over the elements, stores after every load. */
export function printJs(program: RuleProgram): string {
  const lines = ['"use strict";', 'const n = p.length;'];
  program.slots.forEach((_, k) => lines.push(`const s${k} = slots[${k}];`));
  program.coefficients.forEach((_, k) => lines.push(`const c${k} = c[${k}];`));
  lines.push('for (let i = 0; i < n; i++) {');
  program.instructions.forEach((x, k) => lines.push(`  const t${k} = ${printExpression(x, javascript)};`));
  program.slotOutputs.forEach((out, k) => {
    if (out !== null) lines.push(`  s${k}[i] = t${out};`);
  });
  lines.push(`  p[i] = t${program.param};`, '}');
  return lines.join('\n');
}

/** The value of instruction `x` at element i, from the values of earlier instructions `t`. */
function evaluate(x: Instruction, t: Float64Array, i: number, p: FloatArray, g: FloatArray, slots: readonly FloatArray[], c: Float64Array): number {
  switch (x.op) {
    case 'param':
      return p[i];
    case 'grad':
      return g[i];
    case 'slot':
      return slots[x.index][i];
    case 'coefficient':
      return c[x.index];
    case 'constant':
      return x.value;
    case 'neg':
      return -t[x.a];
    case 'abs':
    case 'sqrt':
    case 'sign':
      return Math[x.op](t[x.a]);
    case 'max':
    case 'min':
      return Math[x.op](t[x.a], t[x.b]);
    case 'add':
      return t[x.a] + t[x.b];
    case 'sub':
      return t[x.a] - t[x.b];
    case 'mul':
      return t[x.a] * t[x.b];
    case 'div':
      return t[x.a] / t[x.b];
    case 'select': {
      const l = t[x.left];
      const r = t[x.right];
      const yes = x.test === 'gt' ? l > r : x.test === 'ge' ? l >= r : x.test === 'lt' ? l < r : l <= r;
      return yes ? t[x.ifTrue] : t[x.ifFalse];
    }
  }
}

/** The program run instruction by instruction: for pages whose content security policy forbids `new Function`. */
function interpreted(program: RuleProgram): JsKernel {
  const t = new Float64Array(program.instructions.length);
  return (p, g, slots, c) => {
    const { instructions, slotOutputs, param } = program;
    for (let i = 0, n = p.length; i < n; i++) {
      for (let k = 0; k < instructions.length; k++) t[k] = evaluate(instructions[k], t, i, p, g, slots, c);
      for (let k = 0; k < slotOutputs.length; k++) {
        const out = slotOutputs[k];
        if (out !== null) slots[k][i] = t[out];
      }
      p[i] = t[param];
    }
  };
}

const compiled = new Map<string, JsKernel>();
const byProgram = new WeakMap<RuleProgram, JsKernel>();

/** The JavaScript kernel of a program: printed and compiled once per distinct program. */
export function jsKernel(program: RuleProgram): JsKernel {
  let kernel = byProgram.get(program);
  if (kernel !== undefined) return kernel;
  kernel = compiled.get(program.key);
  if (kernel === undefined) {
    try {
      kernel = new Function('p', 'g', 'slots', 'c', printJs(program)) as JsKernel;
    } catch {
      kernel = interpreted(program);
    }
    compiled.set(program.key, kernel);
  }
  byProgram.set(program, kernel);
  return kernel;
}
