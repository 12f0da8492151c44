import { DescentError } from '../errors';
import { isPlainObject, nonNegative, oneOf, positive, positiveInteger, resolveFields, type Fields } from '../fields';

/** `{ type: "lbfgs" }`: limited-memory BFGS over a full-batch objective (torch.optim.LBFGS). */
export interface LbfgsConfig {
  type: 'lbfgs';
  /**
   * Step length scale. Default 1.
   * @defaultValue `1`
   */
  learningRate?: number;
  /**
   * Iterations per step. Default 20.
   * @defaultValue `20`
   */
  maxIter?: number;
  /**
   * Objective evaluations per step. Default ⌊maxIter·1.25⌋ (torch's max_iter * 5 // 4).
   * @defaultValue `Math.floor(maxIter * 1.25)`
   */
  maxEval?: number | null;
  /**
   * Stop when max |g| falls to this. Default 1e-7.
   * @defaultValue `1e-7`
   */
  toleranceGrad?: number;
  /**
   * Stop when the step or the loss change falls below this. Default 1e-9.
   * @defaultValue `1e-9`
   */
  toleranceChange?: number;
  /**
   * Curvature pairs kept. Default 100.
   * @defaultValue `100`
   */
  historySize?: number;
  /**
   * null: fixed step lr (after the first); "strongWolfe": torch's strong-Wolfe line search. Default null.
   * @defaultValue `null`
   */
  lineSearch?: 'strongWolfe' | null;
}

/** The resolved fields of lbfgs (maxEval filled in). */
export type LbfgsHyperparameters = Required<Omit<LbfgsConfig, 'type' | 'maxEval'>> & { maxEval: number };

const positiveIntegerOrNull = {
  allowed: 'an integer ≥ 1, or null for ⌊maxIter·1.25⌋',
  test: (v: unknown): v is number | null => v === null || positiveInteger.test(v),
};

const lbfgsFields: Fields<Required<Omit<LbfgsConfig, 'type'>>> = {
  learningRate: { default: 1, check: positive },
  maxIter: { default: 20, check: positiveInteger },
  maxEval: { default: null, check: positiveIntegerOrNull },
  toleranceGrad: { default: 1e-7, check: nonNegative },
  toleranceChange: { default: 1e-9, check: nonNegative },
  historySize: { default: 100, check: positiveInteger },
  lineSearch: { default: null, check: oneOf<'strongWolfe' | null>(null, 'strongWolfe') },
};

/** Validates an lbfgs config and fills in its defaults. */
export function resolveLbfgs(config: unknown, where = 'lbfgs'): LbfgsHyperparameters {
  if (!isPlainObject(config) || config.type !== 'lbfgs') {
    throw new DescentError(`${where}.type`, isPlainObject(config) ? config.type : config, '"lbfgs"');
  }
  const h = resolveFields(where, lbfgsFields, config);
  return { ...h, maxEval: h.maxEval ?? Math.floor((h.maxIter * 5) / 4) };
}
