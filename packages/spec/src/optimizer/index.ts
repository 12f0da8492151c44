import { fastEngine, referenceEngine } from './engine';
import { Optimizer, type OptimizerConfig } from './optimizer';

export { Optimizer } from './optimizer';
export type { OptimizerConfig, Param, Grad, StepOutcome } from './optimizer';
export type { Engine, EngineTensorState } from './engine';
export { fastEngine, referenceEngine } from './engine';
export type { TensorGroupConfig, TensorOptions, RuleOverrides, ResolvedGroup } from './groups';
export { resolveGroups, optionsFor, checkOverrides } from './groups';
export { STATE_FORMAT, encodeArray, decodeArray } from './state';
export type { OptimizerState, TensorState, EncodedArray } from './state';

/**
 * The fast optimizer over Float32Array tensors: each rule's fused loop, no allocation
 * per step once every tensor has been seen.
 *
 * @example
 * const opt = createOptimizer({ rule: { type: 'adamw', learningRate: 1e-3 },
 *   schedule: { type: 'cosine', decaySteps: 1000 } });
 * opt.step([{ name: 'w', values: w }], [gradW]);
 */
export function createOptimizer(config: OptimizerConfig): Optimizer<Float32Array> {
  return new Optimizer(config, fastEngine);
}

/** The float64 reference optimizer: each rule written straight from its formulas, over Float64Array tensors. */
export function createReferenceOptimizer(config: OptimizerConfig): Optimizer<Float64Array> {
  return new Optimizer(config, referenceEngine);
}
