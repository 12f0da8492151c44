/**
 * @descent/augment/tfjs — the augmentation ops on tf.Tensor4D (the typed-array ops'
 * numbers), per-image random augmentation of batch tensors, a layer that augments only
 * while training, a `tf.data` map function and test-time augmentation for tfjs models.
 * Needs @tensorflow/tfjs (an optional peer dependency of @descent/augment).
 *
 * @module
 */
export { applyOpsToTensor, applyOpToTensor } from './tensor/ops';
export { augmentTensor, augmentTensorWithRecord } from './tensor/augment-tensor';
export { AugmentationLayer, augmentationLayer, type AugmentationLayerArgs } from './tensor/layer';
export { augmentDataset, type DatasetAugmentOptions } from './tensor/dataset';
export { augmentSampleTensor, replaySampleTensor, type TensorSample, type AugmentedTensorSample } from './tensor/targets';
export { predictOverViews, type Predictor } from './tensor/tta';
