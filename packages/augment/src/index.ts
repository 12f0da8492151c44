/**
 * @descent/augment — data augmentation as CS231n lecture 7 teaches it: flips, random
 * crops and scales, colour jitter, erasing, lighting noise, mixUp/cutMix, and averaging
 * fixed crops at test time. Typed-array images (Float32Array 0..1 or Uint8Array 0..255),
 * seeded by @descent/core's Random, every sampled parameter recorded for replay.
 * tfjs tensors, a training-only layer and tf.data mapping live at `@descent/augment/tfjs`.
 *
 * @packageDocumentation
 */
export * from './image';
export * as ops from './ops';
export { applyOp, applyOps } from './ops';
export type { Augmentation, AugmentationConfig, AugmentRecord, Augmented, RecordedAugmentation } from './augmentations/augmentation';
export type { Size, PaddingSpec } from './augmentations/checks';
export { randomHorizontalFlip, randomVerticalFlip, type RandomFlipOptions } from './augmentations/flip';
export { randomCrop, type RandomCropOptions } from './augmentations/random-crop';
export { randomResizedCrop, sampleResizedCropBox, type RandomResizedCropOptions, type Box } from './augmentations/random-resized-crop';
export * from './augmentations/random-warp';
export { randAugment, trivialAugmentWide, policyOps, POLICY_OPS, type PolicyOpName, type RandAugmentOptions, type TrivialAugmentWideOptions } from './augmentations/policies';
export { autoAugment, AUTO_AUGMENT_POLICIES, type AutoAugmentOptions, type AutoAugmentPolicy, type AutoAugmentStep } from './augmentations/auto-augment';
export { augMix, AUG_MIX_OPS, type AugMixOptions } from './augmentations/aug-mix';
export * from './augmentations/random-tone';
export { colorJitter, randomGrayscale, type ColorJitterOptions, type RandomGrayscaleOptions } from './augmentations/color-jitter';
export { randomErasing, type RandomErasingOptions } from './augmentations/random-erasing';
export { pcaLighting, computePcaLighting, symmetricEigen3, type PcaLightingOptions, type PrincipalComponents } from './augmentations/pca-lighting';
export { resize, centerCrop, pad, grayscale, normalize, resizedShape, type ResizeOptions, type PadOptions } from './augmentations/fixed';
export { compose, randomApply, oneOf, type OneOfOptions } from './augmentations/combinators';
export { augmentationFromConfig, augmentationTypes } from './augmentations/registry';
export { replay, type ReplayOptions } from './augmentations/replay';
export { augmentSample, replaySample, type Sample, type AugmentedSample } from './targets/sample';
export type { TargetOptions, Labels } from './targets/move';
export { mixUp, cutMix, replayMix, oneHot, type MixRecord, type Mixed, type BatchMix } from './mix';
export { fiveCrop, tenCrop, averageOverViews, type TestTimeViews } from './tta';
export { augmentFlat } from './brain';
export { Random, IMAGENET_PCA, DescentError, type BoxFormat } from '@descent/core';
