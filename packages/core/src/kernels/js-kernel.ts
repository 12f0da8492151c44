import { operandsOf, type Instruction, type ReductionProgram, type RuleProgram } from '../rules/program';
import { printExpression, type ExpressionSyntax } from './print-expression';
import type { FloatArray } from '../transforms/transform';

/**
 * A rule's update over typed arrays, in place: the parameter `p`, the gradient `g`, the
 * slots in the program's order and `c`, the coefficients in the program's order followed by
 * the per-tensor sums. Float32Arrays give the fast engine's JavaScript path, Float64Arrays
 * the float64 reference.
 */
export type JsKernel = (p: FloatArray, g: FloatArray, slots: readonly FloatArray[], c: Float64Array) => void;

const javascript: ExpressionSyntax = {
  input: (kind, index) => (kind === 'param' ? 'p[i]' : kind === 'grad' ? 'g[i]' : kind === 'slot' ? `s${index}[i]` : kind === 'reduced' ? `r${index}` : `c${index}`),
  literal: (value) => `(${value})`,
  call: (name, args) => `Math.${name}(${args.join(', ')})`,
  select: (test, left, right, ifTrue, ifFalse) => `${left} ${test} ${right} ? ${ifTrue} : ${ifFalse}`,
};

/** The declarations before a kernel's loop: the slots, the coefficients and the sums (after the coefficients in `c`). */
function printInputs(program: RuleProgram, sums: number): string[] {
  const lines = ['"use strict";', 'const n = p.length;'];
  program.slots.forEach((_, k) => lines.push(`const s${k} = slots[${k}];`));
  program.coefficients.forEach((_, k) => lines.push(`const c${k} = c[${k}];`));
  for (let k = 0; k < sums; k++) lines.push(`const r${k} = c[${program.coefficients.length + k}];`);
  return lines;
}

/** The body of the kernel's function: one loop over the elements, stores after every load. */
export function printJs(program: RuleProgram): string {
  const lines = printInputs(program, program.reduction?.sums.length ?? 0);
  lines.push('for (let i = 0; i < n; i++) {');
  program.instructions.forEach((x, k) => lines.push(`  const t${k} = ${printExpression(x, javascript)};`));
  program.slotOutputs.forEach((out, k) => {
    if (out !== null) lines.push(`  s${k}[i] = t${out};`);
  });
  lines.push(`  p[i] = t${program.param};`, '}');
  return lines.join('\n');
}

/**
 * True when a reduction is one pass over the elements: sums over the whole tensor of
 * per-element terms that read no other sum, and no factored slot to compute. Other
 * reductions are evaluated by extent (see evaluateByExtent).
 */
export function isOnePass(reduction: ReductionProgram): boolean {
  const { instructions, sums, slotOutputs } = reduction;
  const reduces = (x: Instruction) => x.op === 'sum' || x.op === 'orthogonalize';
  const readsReduced = instructions.some((x) => operandsOf(x).some((k) => reduces(instructions[k])));
  const allSums = instructions.every((x, k) => !reduces(x) || (x.op === 'sum' && x.axis === 'all' && sums.includes(k)));
  return slotOutputs.every((at) => at === null) && allSums && !readsReduced;
}

/**
 * The body of a one-pass reduction kernel's function: one loop adding up each summed term
 * in float64, then the sums stored into `c` after the coefficients.
 */
export function printJsReduction(program: RuleProgram, reduction: ReductionProgram): string {
  const lines = printInputs(program, 0);
  const offset = program.coefficients.length;
  reduction.sums.forEach((_, k) => lines.push(`let a${k} = 0;`));
  lines.push('for (let i = 0; i < n; i++) {');
  reduction.instructions.forEach((x, k) => {
    const j = reduction.sums.indexOf(k);
    lines.push(j >= 0 && x.op === 'sum' ? `  a${j} += t${x.a};` : `  const t${k} = ${printExpression(x, javascript)};`);
  });
  lines.push('}');
  reduction.sums.forEach((_, k) => lines.push(`c[${offset + k}] = a${k};`));
  return lines.join('\n');
}

/** The value of instruction `x` at element i, from the values of earlier instructions `t`; `c` holds the coefficients, then the sums from `sumsAt`. */
function evaluate(x: Instruction, t: Float64Array, i: number, p: FloatArray, g: FloatArray, slots: readonly FloatArray[], c: Float64Array, sumsAt: number): number {
  switch (x.op) {
    case 'param':
      return p[i];
    case 'grad':
      return g[i];
    case 'slot':
      return slots[x.index][i];
    case 'coefficient':
      return c[x.index];
    case 'reduced':
      return c[sumsAt + x.index];
    case 'sum':
    case 'orthogonalize':
      return NaN; // never in an update: what the reduction computes comes in as `reduced`
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
  const sumsAt = program.coefficients.length;
  return (p, g, slots, c) => {
    const { instructions, slotOutputs, param } = program;
    for (let i = 0, n = p.length; i < n; i++) {
      for (let k = 0; k < instructions.length; k++) t[k] = evaluate(instructions[k], t, i, p, g, slots, c, sumsAt);
      for (let k = 0; k < slotOutputs.length; k++) {
        const out = slotOutputs[k];
        if (out !== null) slots[k][i] = t[out];
      }
      p[i] = t[param];
    }
  };
}

const compiledReductions = new Map<string, JsKernel | null>();
const reductionByProgram = new WeakMap<RuleProgram, JsKernel | null>();

/** The printed one-pass reduction of a program, or null where it has none or `new Function` is forbidden. */
function printedReduction(program: RuleProgram): JsKernel | null {
  const reduction = program.reduction;
  if (reduction === null || !isOnePass(reduction)) return null;
  try {
    return new Function('p', 'g', 'slots', 'c', printJsReduction(program, reduction)) as JsKernel;
  } catch {
    return null;
  }
}

/**
 * The kernel computing a program's sums in one pass (null for an element-wise program, a
 * reduction that is not one pass, or where `new Function` is forbidden: then they are
 * evaluated by extent): it reads what the update reads and writes the sums into `c` after
 * the coefficients, where the update's kernels find them. Printed once per distinct program.
 */
export function jsReductionKernel(program: RuleProgram): JsKernel | null {
  let kernel = reductionByProgram.get(program);
  if (kernel !== undefined) return kernel;
  kernel = compiledReductions.get(program.key);
  if (kernel === undefined) {
    kernel = printedReduction(program);
    compiledReductions.set(program.key, kernel);
  }
  reductionByProgram.set(program, kernel);
  return kernel;
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
