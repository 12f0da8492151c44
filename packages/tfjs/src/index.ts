/**
 * @descent/tfjs — every descent update rule, schedule, gradient transform and averaging
 * mode as TensorFlow.js optimizers (`tf.Optimizer` subclasses that save and resume with
 * the model), with fit callbacks, L-BFGS, transfer learning and ensembles.
 *
 * @packageDocumentation
 */
export { DescentOptimizer } from './optimizer/descent-optimizer';
export * from './optimizer/rules.generated';
export type { DescentOptimizerClass, OptimizerClasses } from './optimizer/define-optimizer';
export { createDescentOptimizer } from './optimizer/factories';
export type { NamedTensor } from './optimizer/gradients';
export type { DescentOptions, RuleOptions, Execution } from './options';
export { ReduceLROnPlateau } from './callbacks/reduce-lr-on-plateau';
export type { ReduceLROnPlateauOptions } from './callbacks/reduce-lr-on-plateau';
export { useAveragedWeights, withAveragedWeights, AveragedWeightsValidation } from './callbacks/averaged-weights';
export type { AveragedTarget, AveragedWeightsValidationOptions } from './callbacks/averaged-weights';
export { DescentLbfgs, lbfgs } from './lbfgs';
export type { LbfgsVariables } from './lbfgs';
export { selectLayers, freeze, unfreeze, replaceHead, layerGroup, layerLearningRates } from './transfer';
export type { LayerSelector, ReplaceHeadOptions } from './transfer';
export { registerWasmConvGradient } from './wasm-conv-gradient';
export { modelBlocks, featureExtraction, fineTuneTop, fineTuneAll } from './regimes';
export type { RegimeOptions, FineTuneTopOptions, FineTuneAllOptions } from './regimes';
export { averagePredictions, SnapshotEnsemble } from './ensembles';
export type { EnsemblePredictOptions } from './ensembles';
export * as train from './train';
export { withoutDescent } from './portable';
export { findLearningRate } from './range-test';
export type { FindLearningRateOptions, LearningRateFinding } from './range-test';
