import { DescentError } from '../errors';
import type { Objective } from './objective';

/** `{ type: "quadratic", A, b }`: ½·xᵀAx − bᵀx, the lecture's poorly conditioned bowl when A's eigenvalues differ widely. */
export interface QuadraticConfig {
  type: 'quadratic';
  /** A symmetric n×n matrix. */
  A: number[][];
  /** A vector of length n. */
  b: number[];
}

/** Builds ½·xᵀAx − bᵀx; its gradient is Ax − b (A is checked to be symmetric). */
export function quadratic({ A, b }: Omit<QuadraticConfig, 'type'>): Objective {
  const n = Array.isArray(b) ? b.length : 0;
  if (n === 0 || !b.every(Number.isFinite)) throw new DescentError('quadratic.b', b, 'a non-empty array of finite numbers');
  if (!Array.isArray(A) || A.length !== n || !A.every((row) => Array.isArray(row) && row.length === n && row.every(Number.isFinite))) {
    throw new DescentError('quadratic.A', A, `an ${n}×${n} array of finite numbers (b has ${n} entries)`);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (A[i][j] !== A[j][i]) throw new DescentError(`quadratic.A[${i}][${j}]`, A[i][j], `${A[j][i]}, so that A is symmetric`);
    }
  }
  return {
    name: 'quadratic',
    dimension: n,
    evaluate(x, gradient) {
      let loss = 0;
      for (let i = 0; i < n; i++) {
        let ax = 0;
        for (let j = 0; j < n; j++) ax += A[i][j] * x[j];
        gradient[i] = ax - b[i];
        loss += 0.5 * x[i] * ax - b[i] * x[i];
      }
      return loss;
    },
  };
}
