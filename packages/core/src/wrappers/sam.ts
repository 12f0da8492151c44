import { DescentError } from '../errors';
import { isPlainObject, positive, resolveFields, type Fields } from '../fields';
import { scaledGlobalNorm, type ScaledNorm } from '../optimizer/array-math';
import type { FloatArray } from '../transforms/transform';

/** `sam: { rho }`: sharpness-aware minimization (Foret et al. 2021) around any rule. */
export interface SamConfig {
  /** Radius of the neighbourhood whose worst point the gradient is taken at. Default 0.05. */
  rho?: number;
}

/** A SAM config checked and completed. */
export interface ResolvedSam {
  readonly rho: number;
}

const samFields: Fields<{ rho: number }> = {
  rho: { default: 0.05, check: positive, doc: 'Radius of the neighbourhood whose worst point the gradient is taken at.' },
};

/** Checks a SAM config and fills in its default (rho 0.05, the authors'). */
export function resolveSam(config: unknown, where = 'sam'): ResolvedSam {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'a sam config: { rho }');
  return resolveFields(where, samFields, config);
}

/**
 * The factor of SAM's ascent step ε = rho·g/(‖g‖₂ + 1e-12), ‖g‖₂ the global norm of every
 * gradient of the step (Foret et al.; davda54/sam's SAM), given that norm as unit·root (see
 * scaledGlobalNorm): ε = factor·(g/unit) with factor = rho/(root + 1e-12/unit), so gradients
 * whose squares overflow still give their direction.
 */
export function samFactor(rho: number, { unit, root }: ScaledNorm): number {
  // An infinite gradient makes ‖g‖ infinite and the factor 0, as in the reference (its own entries give NaN).
  return unit === Infinity ? 0 : rho / (root + 1e-12 / unit);
}

/**
 * SAM's two evaluations on typed arrays: `ascend` moves the parameters to w + ε, the worst
 * point of the rho-ball to first order, keeping w; the caller takes the gradient there; then
 * `descend` puts w back exactly, and the rule steps from w with that second gradient.
 */
export class SharpnessAware {
  private saved: FloatArray[] = [];

  constructor(readonly config: ResolvedSam) {}

  /** Moves every parameter to w + rho·g/‖g‖, given the gradients g at w. */
  ascend(params: readonly FloatArray[], grads: readonly FloatArray[]): void {
    if (grads.length !== params.length) throw new DescentError('grads.length', grads.length, `${params.length}, one gradient per parameter`);
    const norm = scaledGlobalNorm(grads);
    const factor = samFactor(this.config.rho, norm);
    this.saved = params.map((p) => p.slice());
    params.forEach((p, k) => {
      const g = grads[k];
      for (let i = 0; i < p.length; i++) p[i] += factor * (g[i] / norm.unit);
    });
  }

  /** Puts back the parameters `ascend` moved, bit for bit. */
  descend(params: readonly FloatArray[]): void {
    if (this.saved.length !== params.length) throw new DescentError('params', params.length, `the ${this.saved.length} parameters ascend moved`);
    params.forEach((p, k) => p.set(this.saved[k]));
    this.saved = [];
  }
}
