import { DescentError } from '../errors';
import { isPlainObject, resolveFields, type Fields } from '../fields';
import {
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
  grayscale,
  type AdjustBrightnessOpConfig,
  type AdjustContrastOpConfig,
  type AdjustHueOpConfig,
  type AdjustSaturationOpConfig,
  type FactorParams,
  type GrayscaleOpConfig,
  type GrayscaleParams,
} from './color';
import { erase, type EraseOpConfig, type EraseParams } from './erase';
import {
  centerCrop,
  crop,
  flipLeftRight,
  flipUpDown,
  pad,
  resize,
  resizedCrop,
  type CenterCropOpConfig,
  type CenterCropParams,
  type CropOpConfig,
  type CropParams,
  type FlipLeftRightOpConfig,
  type FlipUpDownOpConfig,
  type PadOpConfig,
  type PadParams,
  type ResizedCropOpConfig,
  type ResizedCropParams,
  type ResizeOpConfig,
  type ResizeParams,
} from './geometry';
import { checkOutputShape, type ImageShape } from './image-shape';
import { normalize, type NormalizeOpConfig, type NormalizeParams } from './normalize';
import type { AnyAugmentOpDefinition, Geometry } from './op';
import type { PointMove } from './targets';
import { elastic, type ElasticOpConfig, type ElasticParams } from './elastic';
import { pcaLighting, type PcaLightingOpConfig, type PcaLightingParams } from './pca-lighting';
export { warpTaps, homography } from './warp';
export { gaussianKernel, equalizeTable } from './tone';
export type * from './tone';
import {
  adjustGamma,
  adjustSharpness,
  autocontrast,
  equalize,
  gaussianBlur,
  invert,
  permuteChannels,
  posterize,
  solarize,
  type AdjustGammaOpConfig,
  type AdjustGammaParams,
  type AdjustSharpnessOpConfig,
  type AutocontrastOpConfig,
  type EqualizeOpConfig,
  type GaussianBlurOpConfig,
  type GaussianBlurParams,
  type InvertOpConfig,
  type PermuteChannelsOpConfig,
  type PermuteChannelsParams,
  type PosterizeOpConfig,
  type PosterizeParams,
  type SharpnessParams,
  type SolarizeOpConfig,
  type SolarizeParams,
} from './tone';
import { augMix, type AugMixOpConfig, type AugMixParams } from './aug-mix';
import { affine, perspective, rotate, type AffineOpConfig, type AffineParams, type PerspectiveOpConfig, type PerspectiveParams, type RotateOpConfig, type RotateParams, type Warp } from './warp';

export type { AugmentOpDefinition, AnyAugmentOpDefinition, Geometry } from './op';
export * from './axis-map';
export { imageSide, integer, padding, numberTuple, matrix3, fillValue, seedOrNull, type Padding } from './checks';
export { checkImageShape, checkChannels, checkOutputShape, MAX_IMAGE_SIDE, MAX_IMAGE_VALUES, type ImageShape } from './image-shape';
export { roundHalfEven } from './rounding';
export {
  axisPointMap,
  mapPoint,
  boxesToXyxy,
  boxesFromXyxy,
  mapBoxes,
  clampBoxes,
  mapKeypoints,
  keptBoxes,
  checkTargetNumbers,
  BOX_FORMATS,
  DEFAULT_BOX_LIMITS,
  type PointMap,
  type PointMove,
  type BoxFormat,
  type BoxLimits,
} from './targets';
export { centerCropBox, centerCropStart } from './geometry';
export type * from './geometry';
export { GRAYSCALE_WEIGHTS } from './color';
export type * from './color';
export type * from './normalize';
export { eraseRegion } from './erase';
export type * from './erase';
export { IMAGENET_PCA, pcaLightingOffsets } from './pca-lighting';
export type * from './pca-lighting';
export type * from './warp';
export { elasticDisplacement, elasticField } from './elastic';
export type { ElasticOpConfig, ElasticParams } from './elastic';
export { sampleGamma, sampleBeta } from './sampling';
export { augMixChains, AUG_MIX_WEIGHT_SUM_TOLERANCE, type AugMixOpConfig, type AugMixParams } from './aug-mix';

/** The config of any deterministic augmentation op: all its parameters explicit. */
export type AugmentOpConfig =
  | FlipLeftRightOpConfig
  | FlipUpDownOpConfig
  | CropOpConfig
  | CenterCropOpConfig
  | PadOpConfig
  | ResizeOpConfig
  | ResizedCropOpConfig
  | AdjustBrightnessOpConfig
  | AdjustContrastOpConfig
  | AdjustSaturationOpConfig
  | AdjustHueOpConfig
  | GrayscaleOpConfig
  | NormalizeOpConfig
  | EraseOpConfig
  | PcaLightingOpConfig
  | RotateOpConfig
  | AffineOpConfig
  | PerspectiveOpConfig
  | ElasticOpConfig
  | InvertOpConfig
  | SolarizeOpConfig
  | PosterizeOpConfig
  | EqualizeOpConfig
  | AutocontrastOpConfig
  | AdjustGammaOpConfig
  | AdjustSharpnessOpConfig
  | GaussianBlurOpConfig
  | PermuteChannelsOpConfig
  | AugMixOpConfig;

/** The `type` of every augmentation op. */
export type AugmentOpType = AugmentOpConfig['type'];

/** Every augmentation op by its `type`. */
export const augmentOps: Readonly<Record<AugmentOpType, AnyAugmentOpDefinition>> = {
  flipLeftRight,
  flipUpDown,
  crop,
  centerCrop,
  pad,
  resize,
  resizedCrop,
  adjustBrightness,
  adjustContrast,
  adjustSaturation,
  adjustHue,
  grayscale,
  normalize,
  erase,
  pcaLighting,
  rotate,
  affine,
  perspective,
  elastic,
  invert,
  solarize,
  posterize,
  equalize,
  autocontrast,
  adjustGamma,
  adjustSharpness,
  gaussianBlur,
  permuteChannels,
  augMix,
};

/** The `type` names of every augmentation op. */
export const augmentOpTypes = Object.keys(augmentOps) as AugmentOpType[];

/** The checked fields of each op, by type. */
export interface AugmentOpParams {
  flipLeftRight: Record<string, never>;
  flipUpDown: Record<string, never>;
  crop: CropParams;
  centerCrop: CenterCropParams;
  pad: PadParams;
  resize: ResizeParams;
  resizedCrop: ResizedCropParams;
  adjustBrightness: FactorParams;
  adjustContrast: FactorParams;
  adjustSaturation: FactorParams;
  adjustHue: FactorParams;
  grayscale: GrayscaleParams;
  normalize: NormalizeParams;
  erase: EraseParams;
  pcaLighting: PcaLightingParams;
  rotate: RotateParams;
  affine: AffineParams;
  perspective: PerspectiveParams;
  elastic: ElasticParams;
  invert: Record<string, never>;
  solarize: SolarizeParams;
  posterize: PosterizeParams;
  equalize: Record<string, never>;
  autocontrast: Record<string, never>;
  adjustGamma: AdjustGammaParams;
  adjustSharpness: SharpnessParams;
  gaussianBlur: GaussianBlurParams;
  permuteChannels: PermuteChannelsParams;
  augMix: AugMixParams;
}

/** An op config checked and completed with its defaults; `params` is typed by `type`. */
export type ResolvedAugmentOp = {
  [K in AugmentOpType]: { readonly type: K; readonly kind: 'geometry' | 'value'; readonly params: AugmentOpParams[K]; readonly where: string };
}[AugmentOpType];

/**
 * Checks an op config that arrives as data (a vector file) as resolveAugmentOp does, and from
 * then on treats it as an AugmentOpConfig; throws DescentError naming the first bad field.
 */
export function assertAugmentOpConfig(config: unknown, where = 'op'): asserts config is AugmentOpConfig {
  resolveAugmentOp(config, where);
}

/** Validates an op config (type, every field, cross-field rules) and fills in its defaults. */
export function resolveAugmentOp(config: unknown, where = 'op'): ResolvedAugmentOp {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'an op config such as { type: "flipLeftRight" }');
  const type = config.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(augmentOps, type)) {
    throw new DescentError(`${where}.type`, type, `one of ${augmentOpTypes.map((t) => `"${t}"`).join(', ')}`);
  }
  const definition = augmentOps[type as AugmentOpType];
  const name = `${where}(${type})`;
  const params = resolveFields<Record<string, unknown>>(name, definition.fields as Fields<Record<string, unknown>>, config);
  definition.refine?.(params, name);
  return { type, kind: definition.kind, params, where: name } as ResolvedAugmentOp;
}

/**
 * The shape an op produces from an input shape; throws DescentError when it cannot apply
 * (channels, padding) or would exceed MAX_IMAGE_SIDE or MAX_IMAGE_VALUES.
 */
export function augmentOutputShape(op: ResolvedAugmentOp, input: ImageShape): ImageShape {
  return checkOutputShape(augmentOps[op.type].outputShape(op.params, input, op.where), op.where);
}

/** The sampling of a geometric op on an input shape (null for value ops). */
export function augmentGeometry(op: ResolvedAugmentOp, input: ImageShape): Geometry | null {
  return augmentOps[op.type].geometry?.(op.params, input) ?? null;
}

/** Where an op moves points (boxes and keypoints follow it); null for value ops, which leave them alone. */
export function augmentPointMap(op: ResolvedAugmentOp, input: ImageShape): PointMove | null {
  return augmentOps[op.type].points?.(op.params, input) ?? null;
}

/** The sampling of a rotate, affine, perspective or elastic op on an input shape (null for other ops). */
export function augmentWarp(op: ResolvedAugmentOp, input: ImageShape): Warp | null {
  return augmentOps[op.type].warp?.(op.params, input) ?? null;
}
