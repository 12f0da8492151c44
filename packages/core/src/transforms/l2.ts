import { nonNegative, required } from '../fields';
import { stateless, type TransformDefinition } from './transform';

/** `{ type: "l2" }`: the gradient of ½·strength·‖p‖² added to every regularized tensor. */
export interface L2Config {
  type: 'l2';
  /** The penalty's weight. Required. */
  strength: number;
}

/** g ← g + strength·p. */
export const l2: TransformDefinition<{ strength: number }> = {
  type: 'l2',
  fields: { strength: required(nonNegative) },
  create: ({ strength }) =>
    stateless('l2', (tensors, math) => {
      for (const tensor of tensors) if (tensor.regularize) tensor.grad = math.addScaled(tensor.grad, tensor.param, strength);
      return true;
    }),
};
