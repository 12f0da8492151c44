import { simdEngine } from '../wasm/simd-engine';
import { DescentError } from '../errors';
import { jsEngine, referenceEngine, type Engine } from './engine';
import { Optimizer, type OptimizerConfig } from './optimizer';

export { Optimizer } from './optimizer';
export type { OptimizerConfig, Param, Grad, StepOutcome } from './optimizer';
export { assertOptimizerConfig } from './config';
export type { Engine, EngineTensorState, DeviceChecks, StepWide } from './engine';
export { jsEngine, referenceEngine, stepCoefficients } from './engine';
export type { ArrayMath } from './array-math';
export { typedArrayMath, hasNonFiniteElement } from './array-math';
export { simdEngine, registerSimdMemory, simdCacheSizes, SIMD_CACHE_LIMIT } from '../wasm/simd-engine';
export type { TensorGroupConfig, TensorOptions, ResolvedGroup } from './groups';
export { resolveGroups, optionsFor, checkOverrides } from './groups';
export { compilePattern, MAX_PATTERN_PROGRAM } from './pattern';
export { STATE_FORMAT, encodeArray, decodeArray } from './state';
export type { OptimizerState, TensorState, EncodedArray } from './state';

/** Which kernels the fast optimizer runs: WebAssembly SIMD where available ("auto"), or JavaScript loops. */
export type Kernels = 'auto' | 'simd' | 'js';

/** The Float32Array engine for a kernel choice; "simd" throws where WebAssembly SIMD is missing. */
export function fastEngine(kernels: Kernels = 'auto'): Engine<Float32Array> {
  if (kernels !== 'auto' && kernels !== 'simd' && kernels !== 'js') throw new DescentError('kernels', kernels, 'one of "auto", "simd", "js"');
  if (kernels === 'js') return jsEngine;
  const simd = simdEngine();
  if (simd !== null) return simd;
  if (kernels === 'simd') throw new DescentError('kernels', kernels, '"auto" or "js": this platform has no WebAssembly SIMD');
  return jsEngine;
}

/**
 * The fast optimizer over Float32Array tensors: each rule's fused float32 kernel
 * (WebAssembly SIMD where available, else a JavaScript loop), no allocation per step
 * once every tensor has been seen.
 *
 * @example
 * const opt = createOptimizer({ rule: { type: 'adamw', learningRate: 1e-3 },
 *   schedule: { type: 'cosine', decaySteps: 1000 } });
 * opt.step([{ name: 'w', values: w }], [gradW]);
 */
export function createOptimizer(config: OptimizerConfig, kernels: Kernels = 'auto'): Optimizer<Float32Array> {
  return new Optimizer(config, fastEngine(kernels));
}

/** The float64 reference optimizer: each rule's program evaluated in float64, over Float64Array tensors. */
export function createReferenceOptimizer(config: OptimizerConfig): Optimizer<Float64Array> {
  return new Optimizer(config, referenceEngine);
}
