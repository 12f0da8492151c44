import { nonNegative, required } from '../fields';
import { stateless, type TransformDefinition } from './transform';

/** `{ type: "clipByValue" }`: clamp every gradient element to [−clipValue, clipValue]. */
export interface ClipByValueConfig {
  type: 'clipByValue';
  /** The largest magnitude kept. Required. */
  clipValue: number;
}

/** torch clip_grad_value_. */
export const clipByValue: TransformDefinition<{ clipValue: number }> = {
  type: 'clipByValue',
  fields: { clipValue: required(nonNegative) },
  create: ({ clipValue }) =>
    stateless('clipByValue', (tensors, math) => {
      for (const tensor of tensors) tensor.grad = math.clip(tensor.grad, clipValue);
      return true;
    }),
};
