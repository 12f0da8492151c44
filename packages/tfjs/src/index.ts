/**
 * @descent/tfjs — every descent update rule, schedule, gradient transform and averaging
 * mode as TensorFlow.js optimizers (`tf.Optimizer` subclasses that save and resume with
 * the model), with fit callbacks, L-BFGS, transfer learning and ensembles.
 *
 * @packageDocumentation
 */
export { DescentOptimizer } from './optimizer/descent-optimizer';
export {
  DescentSGD,
  DescentAdagrad,
  DescentRMSprop,
  DescentAdam,
  DescentAdamW,
  DescentAdamax,
  DescentNadam,
  DescentRadam,
  DescentAdadelta,
  DescentLion,
  optimizerClasses,
} from './optimizer/optimizers';
export type { DescentOptimizerClass } from './optimizer/optimizers';
export { sgd, adagrad, rmsprop, adam, adamw, adamax, nadam, radam, adadelta, lion, createDescentOptimizer } from './optimizer/factories';
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
export { averagePredictions, SnapshotEnsemble } from './ensembles';
export type { EnsemblePredictOptions } from './ensembles';
