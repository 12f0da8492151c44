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

/** How the JavaScript kernels write an update's inputs and operations (element i of the arrays). */
export const javascript: ExpressionSyntax = {
  input: (kind, index) => (kind === 'param' ? 'p[i]' : kind === 'grad' ? 'g[i]' : kind === 'slot' ? `s${index}[i]` : kind === 'reduced' ? `r${index}` : `c${index}`),
  literal: (value) => `(${value})`,
  call: (name, args) => `Math.${name}(${args.join(', ')})`,
  select: (test, left, right, ifTrue, ifFalse) => `${left} ${test} ${right} ? ${ifTrue} : ${ifFalse}`,
};

/**
 * How a kernel computes: "float64" in JavaScript's numbers, rounding once as it stores
 * (the JavaScript engine, the reference); "float32" exactly as the WebAssembly SIMD kernel
 * does (simd-kernel.ts): coefficients, constants and every operation's result rounded to
 * float32, and slot values below float32's smallest normal flushed to +0 where they are
 * computed, or as they are stored when copied unchanged.
 */
export type KernelArithmetic = 'float64' | 'float32';

/** Float32's smallest normal number, 2^-126: slot values below it in magnitude are flushed to +0. */
const SMALLEST_NORMAL = 2 ** -126;

/** Operations whose float64 result can leave float32 (the others keep an operand's value or sign). */
const ROUNDED = new Set<Instruction['op']>(['add', 'sub', 'mul', 'div', 'sqrt']);

/** True for an instruction that reads an input or is a constant (computes nothing). */
const isLeaf = (x: Instruction) => x.op === 'param' || x.op === 'grad' || x.op === 'slot' || x.op === 'coefficient' || x.op === 'constant';

/** The instructions whose values some slot stores. */
const slotValues = (program: RuleProgram) => new Set(program.slotOutputs.filter((out): out is number => out !== null));

/** The declarations before a kernel's loop: the slots, the coefficients and the sums (after the coefficients in `c`), rounded to float32 in float32 arithmetic. */
function printInputs(program: RuleProgram, sums: number, float32 = false): string[] {
  const lines = ['"use strict";', 'const n = p.length;'];
  const read = (at: number) => (float32 ? `Math.fround(c[${at}])` : `c[${at}]`);
  program.slots.forEach((_, k) => lines.push(`const s${k} = slots[${k}];`));
  program.coefficients.forEach((_, k) => lines.push(`const c${k} = ${read(k)};`));
  for (let k = 0; k < sums; k++) lines.push(`const r${k} = ${read(program.coefficients.length + k)};`);
  return lines;
}

/** The body of the kernel's function: one loop over the elements, stores after every load. */
export function printJs(program: RuleProgram, arithmetic: KernelArithmetic = 'float64'): string {
  const float32 = arithmetic === 'float32';
  const flushed = (value: string) => (float32 ? `(Math.abs(${value}) < ${SMALLEST_NORMAL} ? 0 : ${value})` : value);
  const syntax: ExpressionSyntax = float32 ? { ...javascript, literal: (value) => `(${Math.fround(value)})` } : javascript;
  const stored = slotValues(program);
  const lines = printInputs(program, program.reduction?.sums.length ?? 0, float32);
  lines.push('for (let i = 0; i < n; i++) {');
  program.instructions.forEach((x, k) => {
    const expression = printExpression(x, syntax);
    if (!float32 || isLeaf(x)) lines.push(`  const t${k} = ${expression};`);
    else if (!stored.has(k)) lines.push(`  const t${k} = ${ROUNDED.has(x.op) ? `Math.fround(${expression})` : expression};`);
    else lines.push(`  const u${k} = ${ROUNDED.has(x.op) ? `Math.fround(${expression})` : expression};`, `  const t${k} = ${flushed(`u${k}`)};`);
  });
  program.slotOutputs.forEach((out, k) => {
    if (out !== null) lines.push(`  s${k}[i] = ${isLeaf(program.instructions[out]) ? flushed(`t${out}`) : `t${out}`};`);
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
  // Step-wide values (prodigy's d) are read by extent, with the step's numbers.
  const readsGlobal = instructions.some((x) => x.op === 'global');
  return slotOutputs.every((at) => at === null) && allSums && !readsReduced && !readsGlobal;
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
function evaluate(x: Instruction, t: FloatArray, i: number, p: FloatArray, g: FloatArray, slots: readonly FloatArray[], c: Float64Array, sumsAt: number): number {
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
    case 'global':
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

/**
 * The program run instruction by instruction: for pages whose content security policy
 * forbids `new Function`. In float32 every value is rounded as it is kept (in a
 * Float32Array) and slot values are flushed as the printed kernel flushes them.
 */
function interpreted(program: RuleProgram, arithmetic: KernelArithmetic): JsKernel {
  const float32 = arithmetic === 'float32';
  const { instructions, slotOutputs, param } = program;
  const t = float32 ? new Float32Array(instructions.length) : new Float64Array(instructions.length);
  const sumsAt = program.coefficients.length;
  const stored = slotValues(program);
  const flushedAt = (k: number) => float32 && stored.has(k) && !isLeaf(instructions[k]);
  const flushedOnStore = (out: number) => float32 && isLeaf(instructions[out]);
  const flush = (x: number) => (Math.abs(x) < SMALLEST_NORMAL ? 0 : x);
  return (p, g, slots, c) => {
    for (let i = 0, n = p.length; i < n; i++) {
      for (let k = 0; k < instructions.length; k++) {
        t[k] = evaluate(instructions[k], t, i, p, g, slots, c, sumsAt);
        if (flushedAt(k)) t[k] = flush(t[k]);
      }
      for (let k = 0; k < slotOutputs.length; k++) {
        const out = slotOutputs[k];
        if (out !== null) slots[k][i] = flushedOnStore(out) ? flush(t[out]) : t[out];
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

const compiled = { float64: new Map<string, JsKernel>(), float32: new Map<string, JsKernel>() };
const byProgram = { float64: new WeakMap<RuleProgram, JsKernel>(), float32: new WeakMap<RuleProgram, JsKernel>() };

/** The last program asked for in each arithmetic and its kernel: a small net asks for the same one step after step, and this skips the WeakMap. */
const last = { float64: { program: null as RuleProgram | null, kernel: null as JsKernel | null }, float32: { program: null as RuleProgram | null, kernel: null as JsKernel | null } };

/** The JavaScript kernel of a program in `arithmetic` (default float64): printed and compiled once per distinct program. */
export function jsKernel(program: RuleProgram, arithmetic: KernelArithmetic = 'float64'): JsKernel {
  const recent = last[arithmetic];
  if (recent.program === program && recent.kernel !== null) return recent.kernel;
  let kernel = byProgram[arithmetic].get(program);
  if (kernel === undefined) kernel = compiledKernel(program, arithmetic);
  recent.program = program;
  recent.kernel = kernel;
  return kernel;
}

/** The kernel of a program not seen before: printed and compiled, or the one compiled for an equal program. */
function compiledKernel(program: RuleProgram, arithmetic: KernelArithmetic): JsKernel {
  let kernel = compiled[arithmetic].get(program.key);
  if (kernel === undefined) {
    try {
      kernel = new Function('p', 'g', 'slots', 'c', printJs(program, arithmetic)) as JsKernel;
    } catch {
      kernel = interpreted(program, arithmetic);
    }
    compiled[arithmetic].set(program.key, kernel);
  }
  byProgram[arithmetic].set(program, kernel);
  return kernel;
}
