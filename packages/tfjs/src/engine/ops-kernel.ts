import * as tf from '@tensorflow/tfjs';
import type { Instruction } from '@descent/core';
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

/** One instruction in tf ops; work on numbers alone stays on the host (in float64). */
function evaluate(x: Instruction, t: readonly OpsValue[], p: tf.Tensor, g: tf.Tensor, slots: readonly tf.Tensor[], c: Float64Array): OpsValue {
  switch (x.op) {
    case 'param':
      return p;
    case 'grad':
      return g;
    case 'slot':
      return slots[x.index];
    case 'coefficient':
      return c[x.index];
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

/** A rule's printed update in tf ops, for any backend (runs inside a tidy). */
export const opsUpdate: TensorUpdate = (program, p, g, slots, c) => {
  const t: OpsValue[] = [];
  for (const x of program.instructions) t.push(evaluate(x, t, p, g, slots, c));
  const inputs = new Set<tf.Tensor>([p, g, ...slots]);
  // An output that is an input as it is (a select on host coefficients can pick one, as
  // lookahead's slow weights start at the parameter) is copied: outputs are new tensors.
  const asTensor = (v: OpsValue, unchanged: tf.Tensor | null) => (typeof v === 'number' ? tf.fill(p.shape, v) : v !== unchanged && inputs.has(v) ? tf.clone(v) : v);
  return {
    param: asTensor(t[program.param], null),
    slots: program.slotOutputs.map((out, k) => (out === null ? slots[k] : asTensor(t[out], slots[k]))),
  };
};
