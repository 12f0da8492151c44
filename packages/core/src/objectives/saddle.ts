import type { Objective } from './objective';

/**
 * The lecture's saddle: x² − y² (plus a small quartic term r·y⁴ so the loss is bounded
 * below; its minima are at y = ±1/√(2r)). The gradient vanishes at the origin, where
 * plain SGD started on the x axis never leaves.
 */
export function saddle(quartic = 0.05): Objective {
  return {
    name: 'saddle',
    dimension: 2,
    evaluate(x, gradient) {
      const [u, v] = [x[0], x[1]];
      gradient[0] = 2 * u;
      gradient[1] = -2 * v + 4 * quartic * v * v * v;
      return u * u - v * v + quartic * v * v * v * v;
    },
  };
}
