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
    stateless('clipByValue', (tensors) => {
      for (const { grad } of tensors) {
        for (let i = 0, n = grad.length; i < n; i++) {
          const g = grad[i];
          grad[i] = g > clipValue ? clipValue : g < -clipValue ? -clipValue : g;
        }
      }
      return true;
    }),
};
