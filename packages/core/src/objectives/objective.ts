import type { FloatArray } from '../transforms/transform';

/** A differentiable test function of one flat parameter vector: loss, and gradient written into `gradient`. */
export interface Objective {
  /** A short description, e.g. "quadratic (condition number 20)". */
  readonly name: string;
  /** The number of parameters. */
  readonly dimension: number;
  /** The loss at x, with ∂loss/∂x written into `gradient`. */
  evaluate(x: ArrayLike<number>, gradient: FloatArray): number;
}
