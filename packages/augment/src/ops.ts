/**
 * The deterministic ops, as functions: each takes an image or a batch (every image gets
 * the same op) and returns a new one of the same kind; the input is never modified.
 * Parameters are torchvision's (see `AugmentOpConfig` in @descent/core for each field).
 *
 * @module
 */
import type {
  AugmentOpConfig,
  CropOpConfig,
  EraseOpConfig,
  Interpolation,
  NormalizeOpConfig,
  PadOpConfig,
  PcaLightingOpConfig,
  ResizedCropOpConfig,
  RotateOpConfig,
  AffineOpConfig,
  GaussianBlurOpConfig,
  PerspectiveOpConfig,
  ElasticOpConfig,
} from '@descent/core';
import { applyShared, resolveOps, sameKind } from './engine/apply';
import type { Image, ImageBatch } from './image';

type Params<C> = Omit<C, 'type'>;

/** Applies a list of op configs in order (geometric runs are fused into one pass where exact). */
export function applyOps<I extends Image>(input: I, ops: readonly AugmentOpConfig[]): I extends ImageBatch ? ImageBatch : Image;
export function applyOps(input: Image, ops: readonly AugmentOpConfig[]): Image | ImageBatch {
  return sameKind(input, applyShared(input, resolveOps(ops, 'ops'), 'input'));
}

/** Applies one op config. */
export function applyOp<I extends Image>(input: I, op: AugmentOpConfig): I extends ImageBatch ? ImageBatch : Image {
  return applyOps(input, [op]);
}

/** Mirrors left and right (torchvision hflip). */
export const flipLeftRight = <I extends Image>(input: I) => applyOp(input, { type: 'flipLeftRight' });
/** Mirrors top and bottom (torchvision vflip). */
export const flipUpDown = <I extends Image>(input: I) => applyOp(input, { type: 'flipUpDown' });
/** The window at (top, left); zeros where it leaves the image. */
export const crop = <I extends Image>(input: I, box: Params<CropOpConfig>) => applyOp(input, { type: 'crop', ...box });
/** The centred window of height × width (zero-padded when larger than the image). */
export const centerCrop = <I extends Image>(input: I, height: number, width = height) => applyOp(input, { type: 'centerCrop', height, width });
/** Pads each side (constant, reflect, edge or symmetric). */
export const pad = <I extends Image>(input: I, options: Params<PadOpConfig>) => applyOp(input, { type: 'pad', ...options });
/** Resizes to exactly height × width, antialias off. */
export const resize = <I extends Image>(input: I, height: number, width: number, interpolation: Interpolation = 'bilinear') =>
  applyOp(input, { type: 'resize', height, width, interpolation });
/** Crops, then resizes (torchvision resized_crop). */
export const resizedCrop = <I extends Image>(input: I, options: Params<ResizedCropOpConfig>) => applyOp(input, { type: 'resizedCrop', ...options });
/** Multiplies by factor, clamped to [0, 1]. */
export const adjustBrightness = <I extends Image>(input: I, factor: number) => applyOp(input, { type: 'adjustBrightness', factor });
/** Blends with the mean grey level, clamped to [0, 1]. */
export const adjustContrast = <I extends Image>(input: I, factor: number) => applyOp(input, { type: 'adjustContrast', factor });
/** Blends each pixel with its grey level, clamped to [0, 1]. */
export const adjustSaturation = <I extends Image>(input: I, factor: number) => applyOp(input, { type: 'adjustSaturation', factor });
/** Rotates the hue by factor ∈ [−0.5, 0.5] turns. */
export const adjustHue = <I extends Image>(input: I, factor: number) => applyOp(input, { type: 'adjustHue', factor });
/** Grey levels, in 1 or 3 channels. */
export const grayscale = <I extends Image>(input: I, channels: 1 | 3 = 1) => applyOp(input, { type: 'grayscale', channels });
/** (x − mean) / std per channel; the result is always float. */
export const normalize = <I extends Image>(input: I, options: Params<NormalizeOpConfig>) => applyOp(input, { type: 'normalize', ...options });
/** Sets a rectangle to a value (or seeded noise). */
export const erase = <I extends Image>(input: I, options: Params<EraseOpConfig>) => applyOp(input, { type: 'erase', ...options });
/** Adds AlexNet's PCA lighting offset eigvec·(alphas ⊙ eigval). */
export const pcaLighting = <I extends Image>(input: I, options: Params<PcaLightingOpConfig>) => applyOp(input, { type: 'pcaLighting', ...options });
/** Turns the picture by angle degrees counter-clockwise about its centre (torchvision rotate). */
export const rotate = <I extends Image>(input: I, options: Params<RotateOpConfig>) => applyOp(input, { type: 'rotate', ...options });
/** torchvision's affine about the centre: rotation (clockwise), scale, shear, translation; the size stays. */
export const affine = <I extends Image>(input: I, options: Params<AffineOpConfig>) => applyOp(input, { type: 'affine', ...options });
/** Moves startpoints to endpoints (torchvision perspective). */
export const perspective = <I extends Image>(input: I, options: Params<PerspectiveOpConfig>) => applyOp(input, { type: 'perspective', ...options });
/** Moves each pixel by a given displacement field (torchvision elastic_transform; see randomElastic for a random one). */
export const elastic = <I extends Image>(input: I, options: Params<ElasticOpConfig>) => applyOp(input, { type: 'elastic', ...options });
/** 1 − x. */
export const invert = <I extends Image>(input: I) => applyOp(input, { type: 'invert' });
/** Values ≥ threshold become 1 − value. */
export const solarize = <I extends Image>(input: I, threshold: number) => applyOp(input, { type: 'solarize', threshold });
/** Keeps the top `bits` bits of each 8-bit level. */
export const posterize = <I extends Image>(input: I, bits: number) => applyOp(input, { type: 'posterize', bits });
/** Histogram equalization of each channel's 8-bit levels. */
export const equalize = <I extends Image>(input: I) => applyOp(input, { type: 'equalize' });
/** Stretches each channel to [0, 1] by its minimum and maximum. */
export const autocontrast = <I extends Image>(input: I) => applyOp(input, { type: 'autocontrast' });
/** gain·x^gamma, clamped to [0, 1]. */
export const adjustGamma = <I extends Image>(input: I, gamma: number, gain = 1) => applyOp(input, { type: 'adjustGamma', gamma, gain });
/** Blends with PIL's smoothing filter: 0 blurs, 1 keeps, 2 sharpens. */
export const adjustSharpness = <I extends Image>(input: I, factor: number) => applyOp(input, { type: 'adjustSharpness', factor });
/** Separable Gaussian blur with reflect padding. */
export const gaussianBlur = <I extends Image>(input: I, options: Params<GaussianBlurOpConfig>) => applyOp(input, { type: 'gaussianBlur', ...options });
/** Output channel c is input channel permutation[c]. */
export const permuteChannels = <I extends Image>(input: I, permutation: number[]) => applyOp(input, { type: 'permuteChannels', permutation });
