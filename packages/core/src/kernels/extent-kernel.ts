import { operandsOf, type Instruction } from '../rules/program';
import type { Extent, ExtentLayout } from '../rules/extent';
import type { FloatArray } from '../transforms/transform';
import { evaluateByExtent, evaluateInstruction, storeByExtent, type ExtentInputs, type ExtentValue } from './extent-evaluator';
import { javascript } from './js-kernel';
import { printExpression } from './print-expression';

/**
 * Instructions evaluated by extent, printed: the per-element instructions run fused in
 * as few loops over the elements as their sums allow (a loop adds up the sums the next one
 * reads; nothing per element is kept in an array except what is orthogonalized), the
 * smaller extents (per step, tensor, matrix, row or column) between the loops as
 * evaluateByExtent does. Results are evaluateByExtent's to the bit: the same float64
 * operations, the sums added in the same order. `targets[j]` receives, element by element,
 * the value of `outputs[j]` in the last loop (the update's parameter and slots). Returns the
 * values of the instructions that are not per element.
 */
export type ExtentKernel = (inputs: ExtentInputs, layout: ExtentLayout, targets: readonly FloatArray[]) => ExtentValue[];

/** The instructions of one update or reduction, what the kernel writes, and the key of their structure. */
export interface ExtentProgram {
  readonly instructions: readonly Instruction[];
  readonly extents: readonly Extent[];
  /** The instructions whose values are written into the targets, in order. */
  readonly outputs: readonly number[];
  /** Identifies the structure: equal keys print equal kernels. */
  readonly key: string;
}

/** Per-element instructions that are computed once over the whole tensor, between loops, and then read by index. */
const wholeTensor = (x: Instruction) => x.op === 'orthogonalize';

/**
 * The loop each instruction's value is ready by: inputs before the first (0); a per-element
 * value in the loop of its latest operand; a sum or orthogonalization of per-element values
 * after the loop that computes them.
 */
function readiness(instructions: readonly Instruction[], extents: readonly Extent[]): number[] {
  const ready: number[] = [];
  instructions.forEach((x, k) => {
    const latest = Math.max(0, ...operandsOf(x).map((a) => ready[a]));
    const afterLoop = (x.op === 'sum' || wholeTensor(x)) && extents[x.a] === 'element';
    ready[k] = afterLoop ? latest + 1 : latest;
  });
  return ready;
}

/** True when instruction k is computed inside a loop, element by element. */
const inLoop = (instructions: readonly Instruction[], extents: readonly Extent[], k: number) => extents[k] === 'element' && !wholeTensor(instructions[k]) && instructions[k].op !== 'reduced';

/** How a value of an extent computed before a loop is read at element i: by the index of its extent. */
const INDEX: Readonly<Record<Extent, string>> = { uniform: '', tensor: '', matrix: '[m]', row: '[ri]', column: '[ci]', element: '[i]' };

/** The instructions a loop computes per element: the closure of its roots over per-element operands, in order. */
function loopBody(program: ExtentProgram, roots: readonly number[]): number[] {
  const { instructions, extents } = program;
  const needed = new Set<number>();
  const visit = (k: number) => {
    if (needed.has(k) || !inLoop(instructions, extents, k)) return;
    needed.add(k);
    operandsOf(instructions[k]).forEach(visit);
  };
  roots.forEach(visit);
  return [...needed].sort((a, b) => a - b);
}

/** The source of one loop over the elements (a block): it adds up `sums`, keeps the values `kept` and writes `written` into the targets. */
function printLoop(program: ExtentProgram, sums: readonly number[], kept: readonly number[], written: readonly number[]): string[] {
  const { instructions, extents } = program;
  const termOf = (k: number) => operandsOf(instructions[k])[0];
  const body = loopBody(program, [...sums.map(termOf), ...kept, ...written]);
  // Values computed before the loop that it reads, each fetched at the loop level where its index changes.
  const read = new Set<number>();
  [...body.flatMap((k) => operandsOf(instructions[k])), ...sums.map(termOf), ...written].forEach((k) => !inLoop(instructions, extents, k) && read.add(k));
  const fetch = (levels: Extent[]) => [...read].filter((k) => levels.includes(extents[k])).map((k) => `const t${k} = v[${k}]${INDEX[extents[k]]};`);
  return [
    '{',
    ...fetch(['uniform', 'tensor']),
    'for (let m = 0; m < M; m++) {',
    ...fetch(['matrix']),
    'for (let a = 0; a < R; a++) {',
    'const ri = m * R + a;',
    ...fetch(['row']),
    'for (let b = 0; b < C; b++) {',
    'const ci = m * C + b;',
    'const i = ri * C + b;',
    ...fetch(['column', 'element']),
    ...body.map((k) => `const t${k} = ${printExpression(instructions[k], javascript)};`),
    ...sums.map((k) => `a${k}${INDEX[extents[k]]} += t${termOf(k)};`),
    ...kept.map((k) => `w${k}[i] = t${k};`),
    ...written.map((k, j) => `o${j}[i] = t${k};`),
    '}',
    '}',
    '}',
    '}',
  ];
}

/** The source of the kernel's function `(inputs, layout, targets, one)`; `one(k, values)` evaluates a value that is not per element. */
export function printExtentKernel(program: ExtentProgram): string {
  const { instructions, extents, outputs } = program;
  const ready = readiness(instructions, extents);
  const summed = (k: number) => instructions[k].op === 'sum' && extents[operandsOf(instructions[k])[0]] === 'element';
  const lastLoop = Math.max(0, ...ready.filter((_, k) => extents[k] === 'element' || outputs.includes(k)));
  const slotCount = Math.max(0, ...instructions.map((x) => (x.op === 'slot' ? x.index + 1 : 0)));
  const lines = [
    '"use strict";',
    'const { p, g, slots } = inputs;',
    'const { r: R, c: C, matrices: M } = layout;',
    `const v = new Array(${instructions.length});`,
    ...Array.from({ length: slotCount }, (_, k) => `const s${k} = slots[${k}];`),
    ...outputs.map((_, j) => `const o${j} = targets[${j}];`),
  ];
  for (let loop = 0; loop <= lastLoop + 1; loop++) {
    // The values ready before this loop that are not per element, in order; a sum of the last loop's values is finished here.
    instructions.forEach((_, k) => {
      if (ready[k] === loop && !inLoop(instructions, extents, k)) lines.push(summed(k) ? `v[${k}] = a${k};` : `v[${k}] = one(${k}, v);`);
    });
    if (loop > lastLoop) break;
    const sums = instructions.flatMap((_, k) => (summed(k) && ready[k] === loop + 1 ? [k] : []));
    const orthogonalized = instructions.flatMap((x, k) => (wholeTensor(x) && ready[k] === loop + 1 ? operandsOf(x) : []));
    const kept = [...new Set(orthogonalized)].filter((k) => inLoop(instructions, extents, k));
    const written = loop === lastLoop ? outputs : [];
    if (sums.length === 0 && kept.length === 0 && written.length === 0) continue;
    sums.forEach((k) => lines.push(extents[k] === 'tensor' ? `let a${k} = 0;` : `const a${k} = new Float64Array(layout.${extents[k] === 'row' ? 'rows' : 'columns'});`));
    kept.forEach((k) => lines.push(`const w${k} = (v[${k}] = new Float64Array(layout.element));`));
    lines.push(...printLoop(program, sums, kept, written));
  }
  lines.push('return v;');
  return lines.join('\n');
}

type Printed = (inputs: ExtentInputs, layout: ExtentLayout, targets: readonly FloatArray[], one: (k: number, values: ExtentValue[]) => ExtentValue) => ExtentValue[];

const compiled = new Map<string, Printed | null>();

/** The printed function of a program, or null where `new Function` is forbidden. */
function printed(program: ExtentProgram): Printed | null {
  let kernel = compiled.get(program.key);
  if (kernel === undefined) {
    try {
      kernel = new Function('inputs', 'layout', 'targets', 'one', printExtentKernel(program)) as Printed;
    } catch {
      kernel = null;
    }
    compiled.set(program.key, kernel);
  }
  return kernel;
}

/**
 * The kernel of a program evaluated by extent: printed once per structure; where a page's
 * content security policy forbids `new Function`, evaluateByExtent and stores in a loop.
 */
export function extentKernel(program: ExtentProgram): ExtentKernel {
  const { instructions, extents, outputs } = program;
  const kernel = printed(program);
  if (kernel !== null) {
    return (inputs, layout, targets) => kernel(inputs, layout, targets, (k, values) => evaluateInstruction(instructions, extents, k, values, inputs, layout));
  }
  return (inputs, layout, targets) => {
    const values = evaluateByExtent(instructions, extents, inputs, layout);
    outputs.forEach((k, j) => storeByExtent(targets[j], 'element', values[k], extents[k], layout));
    return values;
  };
}
