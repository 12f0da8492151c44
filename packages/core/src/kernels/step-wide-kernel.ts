import { operandsOf, type Instruction, type StepWideProgram } from '../rules/program';
import type { FloatArray } from '../transforms/transform';
import { printExpression, type ExpressionSyntax } from './print-expression';

/**
 * A step-wide program over typed arrays (a tensor's shares, or an advance that reads no
 * tensor): its outputs in float64 into `out`, from the coefficients `c` and the step-wide
 * values `q` in the program's orders.
 */
export type StepWideKernel = (p: FloatArray, g: FloatArray, slots: readonly FloatArray[], c: Float64Array, q: Float64Array, out: Float64Array) => void;

const javascript: ExpressionSyntax = {
  input: (kind, index) => (kind === 'param' ? 'p[i]' : kind === 'grad' ? 'g[i]' : kind === 'slot' ? `s${index}[i]` : `c${index}`),
  literal: (value) => `(${value})`,
  call: (name, args) => `Math.${name}(${args.join(', ')})`,
  select: (test, left, right, ifTrue, ifFalse) => `${left} ${test} ${right} ? ${ifTrue} : ${ifFalse}`,
};

/** When an instruction is computed: before the loop over the elements, in it, or after it (it reads a sum). */
type Phase = 'before' | 'loop' | 'after';

/** The phase of every instruction, or null when the program is not one loop with its sums (a sum of a sum, a per-row sum). */
function phasesOf(program: StepWideProgram): Phase[] | null {
  const phases: Phase[] = [];
  for (let k = 0; k < program.instructions.length; k++) {
    const x: Instruction = program.instructions[k];
    const reads = operandsOf(x).map((a) => phases[a]);
    if (x.op === 'orthogonalize' || (x.op === 'sum' && (x.axis !== 'all' || reads[0] !== 'loop'))) return null;
    if (x.op === 'sum') phases.push('after');
    else if (program.extents[k] === 'element') {
      if (reads.includes('after')) return null;
      phases.push('loop');
    } else phases.push(reads.includes('after') ? 'after' : 'before');
  }
  return phases;
}

/**
 * The body of a step-wide program's function: the numbers it needs before the loop, one
 * loop over the elements adding up every sum in float64 (in element order, as
 * evaluateByExtent adds), then what reads the sums; or null when the program is not of
 * that form.
 */
export function printStepWide(program: StepWideProgram): string | null {
  const phases = phasesOf(program);
  if (phases === null) return null;
  const slots = new Set(program.instructions.flatMap((x) => (x.op === 'slot' ? [x.index] : [])));
  const lines = ['"use strict";', 'const n = p.length;', ...[...slots].map((k) => `const s${k} = slots[${k}];`)];
  program.coefficients.forEach((_, k) => lines.push(`const c${k} = c[${k}];`));
  const print = (x: Instruction, k: number) => `const t${k} = ${x.op === 'global' ? `q[${x.index}]` : printExpression(x, javascript)};`;
  program.instructions.forEach((x, k) => phases[k] === 'before' && lines.push(print(x, k)));
  program.instructions.forEach((x, k) => x.op === 'sum' && lines.push(`let t${k} = 0;`));
  lines.push('for (let i = 0; i < n; i++) {');
  program.instructions.forEach((x, k) => {
    if (x.op === 'sum') lines.push(`  t${k} += t${x.a};`);
    else if (phases[k] === 'loop') lines.push(`  ${print(x, k)}`);
  });
  lines.push('}');
  program.instructions.forEach((x, k) => phases[k] === 'after' && x.op !== 'sum' && lines.push(print(x, k)));
  program.outputs.forEach((at, j) => lines.push(`out[${j}] = t${at};`));
  return lines.join('\n');
}

const kernels = new WeakMap<StepWideProgram, StepWideKernel | null>();

/** The printed kernel of a step-wide program (once per program), or null where it is not one loop or `new Function` is forbidden. */
export function stepWideKernel(program: StepWideProgram): StepWideKernel | null {
  let kernel = kernels.get(program);
  if (kernel !== undefined) return kernel;
  const body = printStepWide(program);
  try {
    kernel = body === null ? null : (new Function('p', 'g', 'slots', 'c', 'q', 'out', body) as StepWideKernel);
  } catch {
    kernel = null;
  }
  kernels.set(program, kernel);
  return kernel;
}
