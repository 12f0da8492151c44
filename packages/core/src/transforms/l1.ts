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
    stateless('l1', (tensors, math) => {
      for (const tensor of tensors) if (tensor.regularize) tensor.grad = math.addScaledSign(tensor.grad, tensor.param, strength);
      return true;
    }),
};
