import { DescentError } from '../errors';
import type { Objective } from './objective';

/** `{ type: "rosenbrock", a, b }`: Σᵢ b·(x[i+1] − x[i]²)² + (a − x[i])², a curved valley with its minimum at (a, a², …). */
export interface RosenbrockConfig {
  type: 'rosenbrock';
  /** Default 1. */
  a?: number;
  /** Default 100. */
  b?: number;
}

/** Builds the n-dimensional Rosenbrock function (n ≥ 2). */
export function rosenbrock({ a = 1, b = 100 }: Omit<RosenbrockConfig, 'type'>, dimension: number): Objective {
  if (!Number.isFinite(a)) throw new DescentError('rosenbrock.a', a, 'a finite number');
  if (!Number.isFinite(b)) throw new DescentError('rosenbrock.b', b, 'a finite number');
  if (!Number.isInteger(dimension) || dimension < 2) throw new DescentError('rosenbrock dimension', dimension, 'an integer ≥ 2');
  return {
    name: 'rosenbrock',
    dimension,
    evaluate(x, gradient) {
      let loss = 0;
      gradient.fill(0);
      for (let i = 0; i + 1 < dimension; i++) {
        const valley = x[i + 1] - x[i] * x[i];
        const offset = a - x[i];
        loss += b * valley * valley + offset * offset;
        gradient[i] += -4 * b * valley * x[i] - 2 * offset;
        gradient[i + 1] += 2 * b * valley;
      }
      return loss;
    },
  };
}
