import * as tf from '@tensorflow/tfjs';
import type { Instruction, RuleProgram } from '@descent/core';
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

const COMPARE = { gt: tf.greater, ge: tf.greaterEqual, lt: tf.less, le: tf.lessEqual } as const;

function compareNumbers(test: keyof typeof COMPARE, l: number, r: number): boolean {
  return test === 'gt' ? l > r : test === 'ge' ? l >= r : test === 'lt' ? l < r : l <= r;
}

/** One instruction in tf ops; work on numbers alone stays on the host (in float64). `sums` are the per-tensor sums (scalar tensors). */
function evaluate(x: Instruction, t: readonly OpsValue[], p: tf.Tensor, g: tf.Tensor, slots: readonly tf.Tensor[], c: Float64Array, sums: readonly tf.Tensor[]): OpsValue {
  switch (x.op) {
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
    case 'constant':
      return x.value;
    case 'neg':
    case 'abs':
    case 'sqrt':
    case 'sign': {
      const a = t[x.a];
      if (typeof a === 'number') return x.op === 'neg' ? -a : Math[x.op](a);
      return x.op === 'neg' ? tf.neg(a) : tf[x.op](a);
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

/**
 * A program's per-tensor sums in tf ops on the tensors' device, each a scalar tensor (runs
 * inside a tidy); none for an element-wise program. Nothing is read back.
 */
export function opsSums(program: RuleProgram, p: tf.Tensor, g: tf.Tensor, slots: readonly tf.Tensor[], c: Float64Array): tf.Tensor[] {
  const reduction = program.reduction;
  if (reduction === null) return [];
  const t: OpsValue[] = [];
  for (const x of reduction.instructions) t.push(evaluate(x, t, p, g, slots, c, []));
  return reduction.sums.map((at) => {
    const term = t[at];
    return typeof term === 'number' ? tf.scalar(term * p.size) : tf.sum(term);
  });
}

/** A rule's printed update in tf ops, for any backend (runs inside a tidy). */
export const opsUpdate: TensorUpdate = (program, p, g, slots, c, sums) => {
  const t: OpsValue[] = [];
  for (const x of program.instructions) t.push(evaluate(x, t, p, g, slots, c, sums));
  const asTensor = (v: OpsValue) => (typeof v === 'number' ? tf.fill(p.shape, v) : v);
  return {
    param: asTensor(t[program.param]),
    slots: program.slotOutputs.map((out, k) => (out === null ? slots[k] : asTensor(t[out]))),
  };
};
