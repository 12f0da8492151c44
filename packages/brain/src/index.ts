/**
 * @descent/brain — train brain.js NeuralNetworks (and NeuralNetworkGPU, AE, CrossValidate)
 * with every descent optimizer, mini-batches, dropout, L1/L2, schedules, averaging, frozen
 * layers, early stopping and on-the-fly input augmentation. Other brain.js kinds are
 * refused by name. The result stays a plain brain.js net.
 *
 * @packageDocumentation
 */
export { DescentTrainer, TRAINER_STATE_FORMAT } from './trainer';
export { train, trainAsync } from './train';
export type { NetCrossValidate } from './train';
export type { TrainingStatus, StopReason, TrainerState } from './trainer';
export type { TrainOptions, ValidationOptions, TrainingProgress, Datum, ResolvedOptions } from './options';
export type { InputAugmentation } from './augmentation';
export { weightsName, biasesName } from './parameters';
export { seedWeights } from './network';
export type { NetData, Activation, DenseNet } from './network';
export { Ensemble, trainEnsemble, ENSEMBLE_TYPE } from './ensemble';
export type { EnsembleJSON } from './ensemble';
export { findLearningRate } from './range-test';
export type { FindLearningRateOptions, LearningRateFinding } from './range-test';
