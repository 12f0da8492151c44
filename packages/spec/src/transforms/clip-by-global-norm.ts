import { nonNegative, required } from '../fields';
import { stateless, type FloatArray, type TransformDefinition } from './transform';

/** `{ type: "clipByGlobalNorm" }`: rescale all gradients together when their joint L2 norm exceeds maxNorm. */
export interface ClipByGlobalNormConfig {
  type: 'clipByGlobalNorm';
  /** The largest global norm kept. Required. */
  maxNorm: number;
}

/** The L2 norm of all the arrays together, accumulated in float64. */
export function globalNorm(arrays: readonly FloatArray[]): number {
  let sum = 0;
  for (const a of arrays) for (let i = 0, n = a.length; i < n; i++) sum += a[i] * a[i];
  return Math.sqrt(sum);
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
    stateless('clipByGlobalNorm', (tensors) => {
      const scale = globalNormScale(globalNorm(tensors.map((t) => t.grad)), maxNorm);
      if (scale !== 1) {
        for (const { grad } of tensors) for (let i = 0, n = grad.length; i < n; i++) grad[i] *= scale;
      }
      return true;
    }),
};
