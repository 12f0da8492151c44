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
}

const COMPARE = {
  gt: (l: number, r: number) => l > r,
  ge: (l: number, r: number) => l >= r,
  lt: (l: number, r: number) => l < r,
  le: (l: number, r: number) => l <= r,
} as const;

function scalarOp(x: Instruction, v: (k: number, i: number) => number, i: number): number {
  switch (x.op) {
    case 'neg':
      return -v(x.a, i);
    case 'abs':
    case 'sqrt':
    case 'sign':
      return Math[x.op](v(x.a, i));
    case 'max':
    case 'min':
      return Math[x.op](v(x.a, i), v(x.b, i));
    case 'add':
      return v(x.a, i) + v(x.b, i);
    case 'sub':
      return v(x.a, i) - v(x.b, i);
    case 'mul':
      return v(x.a, i) * v(x.b, i);
    case 'div':
      return v(x.a, i) / v(x.b, i);
    case 'select':
      return COMPARE[x.test](v(x.left, i), v(x.right, i)) ? v(x.ifTrue, i) : v(x.ifFalse, i);
    default:
      return NaN;
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
  const read = (k: number, to: Extent, i: number): number => {
    const value = values[k];
    return typeof value === 'number' ? value : value[broadcastIndex(extents[k], to, i, layout)];
  };
  instructions.forEach((x, k) => {
    const extent = extents[k];
    switch (x.op) {
      case 'param':
        values.push(inputs.p);
        return;
      case 'grad':
        values.push(inputs.g);
        return;
      case 'slot':
        values.push(inputs.slots[x.index]);
        return;
      case 'coefficient':
        values.push(inputs.coefficients[x.index]);
        return;
      case 'constant':
        values.push(x.value);
        return;
      case 'reduced':
        values.push(inputs.sums[x.index]);
        return;
      case 'sum': {
        const term = values[x.a];
        if (typeof term === 'number') {
          values.push(term);
          return;
        }
        const out = new Float64Array(extentSize(extent, layout));
        for (let i = 0; i < term.length; i++) out[broadcastIndex(extent, extents[x.a], i, layout)] += term[i];
        values.push(extent === 'tensor' ? out[0] : out);
        return;
      }
      case 'orthogonalize': {
        const term = values[x.a];
        values.push(typeof term === 'number' ? term : newtonSchulz(term, layout.r, layout.c, x.newtonSchulz));
        return;
      }
      default: {
        const v = (a: number, i: number) => read(a, extent, i);
        if (extent === 'uniform' || extent === 'tensor') {
          values.push(scalarOp(x, v, 0));
          return;
        }
        const out = new Float64Array(extentSize(extent, layout));
        for (let i = 0; i < out.length; i++) out[i] = scalarOp(x, v, i);
        values.push(out);
      }
    }
  });
  return values;
}

/** Writes `value` (of extent `from`) into `target` (of extent `to`), broadcasting. */
export function storeByExtent(target: FloatArray, to: Extent, value: ExtentValue, from: Extent, layout: ExtentLayout): void {
  if (typeof value === 'number') target.fill(value);
  else if (from === to) target.set(value);
  else for (let i = 0; i < target.length; i++) target[i] = value[broadcastIndex(from, to, i, layout)];
}
