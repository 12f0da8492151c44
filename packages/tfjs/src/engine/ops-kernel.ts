import * as tf from '@tensorflow/tfjs';
import type { Instruction, NewtonSchulz, RuleProgram, StepWideProgram } from '@descent/core';
import type { TensorUpdate } from './tensor-update';

/** A value of the printed update: a tensor, or a number when it depends on coefficients and constants only. */
type OpsValue = tf.Tensor | number;


const NUMERIC = {
  add: (a: number, b: number) => a + b,
  sub: (a: number, b: number) => a - b,
  mul: (a: number, b: number) => a * b,
  div: (a: number, b: number) => a / b,
  max: Math.max,
  min: Math.min,
} as const;

const TENSOR = {
  add: tf.add,
  sub: tf.sub,
  mul: tf.mul,
  div: tf.div,
  max: tf.maximum,
  min: tf.minimum,
} as const;

/** Named one by one (not `tf[op]`), so a bundler keeps only these ops of tfjs. */
const UNARY = { neg: tf.neg, abs: tf.abs, sqrt: tf.sqrt, sign: tf.sign } as const;

const COMPARE = { gt: tf.greater, ge: tf.greaterEqual, lt: tf.less, le: tf.lessEqual } as const;

function compareNumbers(test: keyof typeof COMPARE, l: number, r: number): boolean {
  return test === 'gt' ? l > r : test === 'ge' ? l >= r : test === 'lt' ? l < r : l <= r;
}

/** Muon's Newton–Schulz orthogonalization of a matrix in tf ops (see NewtonSchulz in @descent/core), on the device. */
function orthogonalized(matrix: tf.Tensor, { steps, a, b, c, epsilon }: NewtonSchulz): tf.Tensor {
  const [rows, columns] = matrix.shape;
  const tall = rows > columns;
  const start = tall ? tf.transpose(matrix) : matrix;
  let x = tf.div(start, tf.maximum(tf.norm(start), epsilon)) as tf.Tensor2D;
  for (let s = 0; s < steps; s++) {
    const gram = tf.matMul(x, x, false, true);
    const polynomial = tf.add(tf.mul(gram, b), tf.mul(tf.matMul(gram, gram), c));
    x = tf.add(tf.mul(x, a), tf.matMul(polynomial, x));
  }
  return tall ? tf.transpose(x) : x;
}

/**
 * One instruction in tf ops; work on numbers alone stays on the host (in float64). `sums`
 * are the per-tensor sums (scalar tensors), `globals` the step-wide values a `global`
 * instruction reads (scalar tensors on the device).
 */
function evaluate(x: Instruction, t: readonly OpsValue[], p: tf.Tensor, g: tf.Tensor, slots: readonly tf.Tensor[], c: Float64Array, sums: readonly tf.Tensor[], globals: readonly tf.Tensor[] = []): OpsValue {
  switch (x.op) {
    case 'global':
      return globals[x.index];
    case 'param':
      return p;
    case 'grad':
      return g;
    case 'slot':
      return slots[x.index];
    case 'coefficient':
      return c[x.index];
    case 'reduced':
      return sums[x.index];
    case 'sum': {
      const term = t[x.a];
      if (typeof term === 'number') return term;
      return x.axis === 'all' ? tf.sum(term) : tf.sum(term, x.axis === 'last' ? -1 : -2, true);
    }
    case 'orthogonalize': {
      const term = t[x.a];
      return typeof term === 'number' ? term : orthogonalized(term, x.newtonSchulz);
    }
    case 'constant':
      return x.value;
    case 'neg':
    case 'abs':
    case 'sqrt':
    case 'sign': {
      const a = t[x.a];
      if (typeof a === 'number') return x.op === 'neg' ? -a : Math[x.op](a);
      return UNARY[x.op](a);
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'max':
    case 'min': {
      const a = t[x.a];
      const b = t[x.b];
      if (typeof a === 'number' && typeof b === 'number') return NUMERIC[x.op](a, b);
      return TENSOR[x.op](a, b);
    }
    case 'select': {
      const left = t[x.left];
      const right = t[x.right];
      if (typeof left === 'number' && typeof right === 'number') return compareNumbers(x.test, left, right) ? t[x.ifTrue] : t[x.ifFalse];
      const mask = COMPARE[x.test](left, right);
      const full = (v: OpsValue) => (typeof v === 'number' ? tf.fill(mask.shape, v) : v);
      return tf.where(mask, full(t[x.ifTrue]), full(t[x.ifFalse]));
    }
  }
}

/** What a program's reduction gives the update: its sums and the new values of its factored slots (null for the others). */
export interface OpsReduction {
  readonly sums: tf.Tensor[];
  readonly slots: (tf.Tensor | null)[];
}

/**
 * A program's reduction in tf ops on the tensors' device (runs inside a tidy): its sums
 * (a row sum keeps its axis, [..., rows, 1], so it broadcasts against the tensor) and its
 * factored slots' new values. Nothing is read back.
 */
export function opsReduction(program: RuleProgram, p: tf.Tensor, g: tf.Tensor, slots: readonly tf.Tensor[], c: Float64Array, globals: readonly tf.Tensor[] = []): OpsReduction {
  const reduction = program.reduction;
  if (reduction === null) return { sums: [], slots: [] };
  const t: OpsValue[] = [];
  for (const x of reduction.instructions) t.push(evaluate(x, t, p, g, slots, c, [], globals));
  // A factored slot's new value is never an input as it is (it is a mean of squares), so it is a new tensor.
  return { sums: reduction.sums.map((at) => asTensor(t[at])), slots: reduction.slotOutputs.map((at) => (at === null ? null : asTensor(t[at]))) };
}

/** A value of an evaluated program as a tensor (a number as a scalar). */
function asTensor(value: OpsValue): tf.Tensor {
  return typeof value === 'number' ? tf.scalar(value) : value;
}

/**
 * The outputs of a step-wide program (a tensor's shares, or a rule's advance) in tf ops on
 * the device, as scalar tensors: nothing is read back. A program that reads no tensor
 * takes empty `p`, `g` and `slots`.
 */
export function opsStepWide(program: StepWideProgram, p: tf.Tensor, g: tf.Tensor, slots: readonly tf.Tensor[], c: Float64Array, globals: readonly tf.Tensor[]): tf.Tensor[] {
  const t: OpsValue[] = [];
  for (const x of program.instructions) t.push(evaluate(x, t, p, g, slots, c, [], globals));
  return program.outputs.map((at) => asTensor(t[at]));
}

/** A rule's printed update in tf ops, for any backend (runs inside a tidy). */
export const opsUpdate: TensorUpdate = (program, p, g, slots, c, sums) => {
  const t: OpsValue[] = [];
  for (const x of program.instructions) t.push(evaluate(x, t, p, g, slots, c, sums));
  const inputs = new Set<tf.Tensor>([p, g, ...slots]);
  // An output that is an input as it is (a select on host coefficients can pick one, as
  // lookahead's slow weights start at the parameter) is copied: outputs are new tensors.
  const asTensor = (v: OpsValue, unchanged: tf.Tensor | null) => (typeof v === 'number' ? tf.fill(p.shape, v) : v !== unchanged && inputs.has(v) ? tf.clone(v) : v);
  return {
    param: asTensor(t[program.param], null),
    slots: program.slotOutputs.map((out, k) => (out === null ? slots[k] : asTensor(t[out], slots[k]))),
  };
};
