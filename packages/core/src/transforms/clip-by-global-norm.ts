import { nonNegative, required } from '../fields';
import { stateless, type TransformDefinition } from './transform';

/** `{ type: "clipByGlobalNorm" }`: rescale all gradients together when their joint L2 norm exceeds maxNorm. */
export interface ClipByGlobalNormConfig {
  type: 'clipByGlobalNorm';
  /** The largest global norm kept. Required. */
  maxNorm: number;
}

/** torch clip_grad_norm_: if maxNorm/(norm + 1e-6) < 1, every gradient is scaled by it. */
export const clipByGlobalNorm: TransformDefinition<{ maxNorm: number }> = {
  type: 'clipByGlobalNorm',
  fields: { maxNorm: required(nonNegative) },
  create: ({ maxNorm }) =>
    stateless('clipByGlobalNorm', (tensors, math) => {
      const clipped = math.clipToGlobalNorm(tensors.map((t) => t.grad), maxNorm);
      tensors.forEach((tensor, i) => (tensor.grad = clipped[i]));
      return true;
    }),
};
