import { nonNegative, required } from '../fields';
import { stateless, type TransformDefinition } from './transform';

/** `{ type: "l1" }`: the gradient of strength·‖p‖₁ added to every regularized tensor. */
export interface L1Config {
  type: 'l1';
  /** The penalty's weight. Required. */
  strength: number;
}

/** g ← g + strength·sign(p). */
export const l1: TransformDefinition<{ strength: number }> = {
  type: 'l1',
  fields: { strength: required(nonNegative) },
  create: ({ strength }) =>
    stateless('l1', (tensors) => {
      for (const { grad, param, regularize } of tensors) {
        if (!regularize) continue;
        for (let i = 0, n = grad.length; i < n; i++) grad[i] += strength * Math.sign(param[i]);
      }
      return true;
    }),
};
