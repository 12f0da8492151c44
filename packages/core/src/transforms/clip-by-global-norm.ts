import { nonNegative, required } from '../fields';
import { stateless, type TransformDefinition } from './transform';

/** `{ type: "clipByGlobalNorm" }`: rescale all gradients together when their joint L2 norm exceeds maxNorm. */
export interface ClipByGlobalNormConfig {
  type: 'clipByGlobalNorm';
  /** The largest global norm kept. Required. */
  maxNorm: number;
}

/**
 * The factor clipByGlobalNorm multiplies every gradient by, given their global norm:
 * maxNorm/(norm + 1e-6) when that is below 1 (torch clip_grad_norm_), else exactly 1.
 */
export function globalNormScale(norm: number, maxNorm: number): number {
  const scale = maxNorm / (norm + 1e-6);
  return scale < 1 ? scale : 1;
}

/** torch clip_grad_norm_: if maxNorm/(norm + 1e-6) < 1, every gradient is scaled by it. */
export const clipByGlobalNorm: TransformDefinition<{ maxNorm: number }> = {
  type: 'clipByGlobalNorm',
  fields: { maxNorm: required(nonNegative) },
  create: ({ maxNorm }) =>
    stateless('clipByGlobalNorm', (tensors, math) => {
      const norm = Math.sqrt(math.sumOfSquares(tensors.map((t) => t.grad)));
      const scale = globalNormScale(norm, maxNorm);
      if (scale !== 1) for (const tensor of tensors) tensor.grad = math.scale(tensor.grad, scale);
      return true;
    }),
};
