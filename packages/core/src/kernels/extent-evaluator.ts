import type { Instruction } from '../rules/program';
import { broadcastIndex, extentSize, type Extent, type ExtentLayout } from '../rules/extent';
import type { FloatArray } from '../transforms/transform';
import { newtonSchulz } from './newton-schulz';

/** A value during evaluation by extent: one number (per step or per tensor), or one per row, column, matrix or element. */
export type ExtentValue = number | FloatArray;

/** What the instructions read: the parameter, the gradient, the slots, the coefficients and the sums. */
export interface ExtentInputs {
  readonly p: FloatArray;
  readonly g: FloatArray;
  readonly slots: readonly FloatArray[];
  readonly coefficients: Float64Array;
  readonly sums: readonly ExtentValue[];
  /** The step-wide values a `global` instruction reads, by index (rules with `global`). */
  readonly globals?: readonly number[];
}

const COMPARE = {
  gt: (l: number, r: number) => l > r,
  ge: (l: number, r: number) => l >= r,
  lt: (l: number, r: number) => l < r,
  le: (l: number, r: number) => l <= r,
} as const;

/** The value of one operation on numbers. */
function scalarOp(x: Instruction, v: (k: number) => number): number {
  switch (x.op) {
    case 'neg':
      return -v(x.a);
    case 'abs':
    case 'sqrt':
    case 'sign':
      return Math[x.op](v(x.a));
    case 'max':
    case 'min':
      return Math[x.op](v(x.a), v(x.b));
    case 'add':
      return v(x.a) + v(x.b);
    case 'sub':
      return v(x.a) - v(x.b);
    case 'mul':
      return v(x.a) * v(x.b);
    case 'div':
      return v(x.a) / v(x.b);
    case 'select':
      return COMPARE[x.test](v(x.left), v(x.right)) ? v(x.ifTrue) : v(x.ifFalse);
    default:
      return NaN;
  }
}

/** One operation over arrays of one extent, element by element, in tight loops. */
function arrayOp(x: Instruction, v: (k: number) => ArrayLike<number>, out: Float64Array): void {
  const n = out.length;
  switch (x.op) {
    case 'neg': {
      const a = v(x.a);
      for (let i = 0; i < n; i++) out[i] = -a[i];
      return;
    }
    case 'abs': {
      const a = v(x.a);
      for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
      return;
    }
    case 'sqrt': {
      const a = v(x.a);
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]);
      return;
    }
    case 'sign': {
      const a = v(x.a);
      for (let i = 0; i < n; i++) out[i] = Math.sign(a[i]);
      return;
    }
    case 'max': {
      const [a, b] = [v(x.a), v(x.b)];
      for (let i = 0; i < n; i++) out[i] = Math.max(a[i], b[i]);
      return;
    }
    case 'min': {
      const [a, b] = [v(x.a), v(x.b)];
      for (let i = 0; i < n; i++) out[i] = Math.min(a[i], b[i]);
      return;
    }
    case 'add': {
      const [a, b] = [v(x.a), v(x.b)];
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      return;
    }
    case 'sub': {
      const [a, b] = [v(x.a), v(x.b)];
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      return;
    }
    case 'mul': {
      const [a, b] = [v(x.a), v(x.b)];
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      return;
    }
    case 'div': {
      const [a, b] = [v(x.a), v(x.b)];
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      return;
    }
    case 'select': {
      const [l, r, t, f] = [v(x.left), v(x.right), v(x.ifTrue), v(x.ifFalse)];
      const test = x.test;
      for (let i = 0; i < n; i++) {
        const yes = test === 'gt' ? l[i] > r[i] : test === 'ge' ? l[i] >= r[i] : test === 'lt' ? l[i] < r[i] : l[i] <= r[i];
        out[i] = yes ? t[i] : f[i];
      }
      return;
    }
    default:
      out.fill(NaN);
  }
}

/**
 * Evaluates instructions value by value, each over its extent (one number, or one per row,
 * column, matrix or element of a tensor of `layout`), smaller extents broadcast to larger
 * ones, in float64: the host's way to run a reduction (its sums, orthogonalized matrices and
 * factored slots), and an update that reads per-row or per-column values or such a matrix. A
 * `sum` adds its term's own values.
 */
export function evaluateByExtent(instructions: readonly Instruction[], extents: readonly Extent[], inputs: ExtentInputs, layout: ExtentLayout): ExtentValue[] {
  const values: ExtentValue[] = [];
  instructions.forEach((_, k) => (values[k] = evaluateInstruction(instructions, extents, k, values, inputs, layout)));
  return values;
}

/** Value k as an array of extent `to`: itself, or broadcast (a number filled in). */
function aligned(values: readonly ExtentValue[], extents: readonly Extent[], k: number, to: Extent, size: number, layout: ExtentLayout): ArrayLike<number> {
  const value = values[k];
  if (typeof value === 'number') return new Float64Array(size).fill(value);
  if (extents[k] === to) return value;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = value[broadcastIndex(extents[k], to, i, layout)];
  return out;
}

/** The value of instruction k over its extent, from the values of the instructions before it (see evaluateByExtent). */
export function evaluateInstruction(instructions: readonly Instruction[], extents: readonly Extent[], k: number, values: readonly ExtentValue[], inputs: ExtentInputs, layout: ExtentLayout): ExtentValue {
  const x = instructions[k];
  const extent = extents[k];
  switch (x.op) {
    case 'param':
      return inputs.p;
    case 'grad':
      return inputs.g;
    case 'slot':
      return inputs.slots[x.index];
    case 'coefficient':
      return inputs.coefficients[x.index];
    case 'constant':
      return x.value;
    case 'global':
      return inputs.globals?.[x.index] ?? NaN;
    case 'reduced':
      return inputs.sums[x.index];
    case 'sum': {
      const term = values[x.a];
      if (typeof term === 'number') return term;
      const out = new Float64Array(extentSize(extent, layout));
      for (let i = 0; i < term.length; i++) out[broadcastIndex(extent, extents[x.a], i, layout)] += term[i];
      return extent === 'tensor' ? out[0] : out;
    }
    case 'orthogonalize': {
      const term = values[x.a];
      return typeof term === 'number' ? term : newtonSchulz(term, layout.r, layout.c, x.newtonSchulz);
    }
    default: {
      if (extent === 'uniform' || extent === 'tensor') return scalarOp(x, (a) => values[a] as number);
      const out = new Float64Array(extentSize(extent, layout));
      arrayOp(x, (a) => aligned(values, extents, a, extent, out.length, layout), out);
      return out;
    }
  }
}

/** Writes `value` (of extent `from`) into `target` (of extent `to`), broadcasting. */
export function storeByExtent(target: FloatArray, to: Extent, value: ExtentValue, from: Extent, layout: ExtentLayout): void {
  if (typeof value === 'number') target.fill(value);
  else if (from === to) target.set(value);
  else for (let i = 0; i < target.length; i++) target[i] = value[broadcastIndex(from, to, i, layout)];
}
