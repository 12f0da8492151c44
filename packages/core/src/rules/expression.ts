/**
 * The element-wise update of a rule, written once as a small typed expression. A rule
 * builds it from `Value`s (the parameter, the gradient, its slots and its per-step
 * coefficients); every backend prints the same expression: a JavaScript loop, a WebAssembly
 * SIMD kernel, tf ops, a WebGL or WebGPU shader.
 */

/** Operations of one operand. `sign` is −1, 0 or 1 (NaN stays NaN). */
export type UnaryOp = 'neg' | 'abs' | 'sqrt' | 'sign';

/** Operations of two operands. `max`/`min` return NaN when either operand is NaN. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min';

/** Comparisons a `select` tests; false when either operand is NaN. */
export type ComparisonOp = 'gt' | 'ge' | 'lt' | 'le';

/** A leaf or an operation of the expression tree. Slots and coefficients are named. */
export type ExpressionNode =
  | { readonly kind: 'param' }
  | { readonly kind: 'grad' }
  | { readonly kind: 'slot'; readonly name: string }
  | { readonly kind: 'coefficient'; readonly name: string }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'global'; readonly name: string }
  | { readonly kind: 'sum'; readonly of: ExpressionNode; readonly axis: SumAxis }
  | { readonly kind: 'orthogonalize'; readonly of: ExpressionNode; readonly newtonSchulz: NewtonSchulz }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly a: ExpressionNode }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly a: ExpressionNode; readonly b: ExpressionNode }
  | {
      readonly kind: 'select';
      readonly test: ComparisonOp;
      readonly left: ExpressionNode;
      readonly right: ExpressionNode;
      readonly ifTrue: ExpressionNode;
      readonly ifFalse: ExpressionNode;
    };

/**
 * What a sum adds over: every element of the tensor ("all"), the last axis ("last": one
 * number per row) or the second-to-last axis ("secondToLast": one number per column).
 */
export type SumAxis = 'all' | 'last' | 'secondToLast';

/**
 * The Newton–Schulz iteration of Muon: `X ← X/max(‖X‖_F, epsilon)` (transposed first when
 * it has more rows than columns), then `steps` times `X ← a·X + (b·A + c·A²)·X` with
 * `A = X·Xᵀ`; transposed back.
 */
export interface NewtonSchulz {
  readonly steps: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly epsilon: number;
}

/** A number or a value: the operand of every Value method. */
export type Operand = Value | number;

function nodeOf(x: Operand): ExpressionNode {
  return typeof x === 'number' ? { kind: 'constant', value: x } : x.node;
}

/** A comparison of two values, to choose between two others with `select`. */
export class Condition {
  constructor(
    readonly test: ComparisonOp,
    readonly left: ExpressionNode,
    readonly right: ExpressionNode,
  ) {}
}

/**
 * One element-wise quantity of an update, built with the methods below (`m.mul(beta1).add(g.mul(…))`).
 * Values are immutable: every method returns a new one.
 */
export class Value {
  constructor(readonly node: ExpressionNode) {}

  add(b: Operand): Value {
    return this.binary('add', b);
  }

  sub(b: Operand): Value {
    return this.binary('sub', b);
  }

  mul(b: Operand): Value {
    return this.binary('mul', b);
  }

  div(b: Operand): Value {
    return this.binary('div', b);
  }

  /** The larger of the two (NaN if either is NaN). */
  max(b: Operand): Value {
    return this.binary('max', b);
  }

  /** The smaller of the two (NaN if either is NaN). */
  min(b: Operand): Value {
    return this.binary('min', b);
  }

  neg(): Value {
    return this.unary('neg');
  }

  abs(): Value {
    return this.unary('abs');
  }

  sqrt(): Value {
    return this.unary('sqrt');
  }

  /** −1, 0 or 1. */
  sign(): Value {
    return this.unary('sign');
  }

  square(): Value {
    return this.mul(this);
  }

  /** this clamped to [low, high]. */
  clamp(low: Operand, high: Operand): Value {
    return this.max(low).min(high);
  }

  gt(b: Operand): Condition {
    return new Condition('gt', this.node, nodeOf(b));
  }

  ge(b: Operand): Condition {
    return new Condition('ge', this.node, nodeOf(b));
  }

  lt(b: Operand): Condition {
    return new Condition('lt', this.node, nodeOf(b));
  }

  le(b: Operand): Condition {
    return new Condition('le', this.node, nodeOf(b));
  }

  private unary(op: UnaryOp): Value {
    return new Value({ kind: 'unary', op, a: this.node });
  }

  private binary(op: BinaryOp, b: Operand): Value {
    return new Value({ kind: 'binary', op, a: this.node, b: nodeOf(b) });
  }
}

/** `condition ? ifTrue : ifFalse`, element by element. */
export function select(condition: Condition, ifTrue: Operand, ifFalse: Operand): Value {
  const { test, left, right } = condition;
  return new Value({ kind: 'select', test, left, right, ifTrue: nodeOf(ifTrue), ifFalse: nodeOf(ifFalse) });
}

/**
 * Σ of `x` over every element of the tensor: a per-tensor reduction (a norm, a dot
 * product), one number broadcast to every element of the update that reads it. Backends
 * compute the sums before the element-wise update, each its own way (a float64 loop on
 * the host, tf.sum on the device), and the update's kernels read them as inputs: on a GPU
 * a device tensor, never read back. A summed term may read other sums.
 */
export function sum(x: Value): Value {
  return new Value({ kind: 'sum', of: x.node, axis: 'all' });
}

/**
 * Σ of `x` over the last axis: one number per row of a tensor of rank ≥ 2 (a factored
 * moment's row statistic), broadcast along its row. Of a per-column value, one per matrix.
 */
export function rowSum(x: Value): Value {
  return new Value({ kind: 'sum', of: x.node, axis: 'last' });
}

/**
 * Σ of `x` over the second-to-last axis: one number per column of a tensor of rank ≥ 2,
 * broadcast down its column. Of a per-row value, one per matrix.
 */
export function columnSum(x: Value): Value {
  return new Value({ kind: 'sum', of: x.node, axis: 'secondToLast' });
}

/**
 * `x`, a matrix (a tensor of rank 2), orthogonalized by the Newton–Schulz iteration (close to
 * U·Vᵀ of its singular value decomposition): a per-tensor matrix computation, run before
 * the element-wise update like a sum (host loops in float64, tf.matMul on the device).
 */
export function orthogonalize(x: Value, newtonSchulz: NewtonSchulz): Value {
  return new Value({ kind: 'orthogonalize', of: x.node, newtonSchulz });
}

/** ‖x‖₂ over the tensor: √Σx². */
export function norm(x: Value): Value {
  return sum(x.square()).sqrt();
}

/** A constant as a Value. */
export function constant(value: number): Value {
  return new Value({ kind: 'constant', value });
}
