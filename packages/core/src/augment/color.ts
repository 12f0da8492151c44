import { between, nonNegative, type Check } from '../fields';
import { checkChannels, type ImageShape } from './image-shape';
import type { AugmentOpDefinition } from './op';

/** The luma weights of torchvision's rgb_to_grayscale (ITU-R 601-2): r, g, b. */
export const GRAYSCALE_WEIGHTS: readonly [number, number, number] = [0.2989, 0.587, 0.114];

/** `{ type: "adjustBrightness" }`: x·factor, clamped to [0, 1]. factor ≥ 0; 1 leaves the image alone. */
export interface AdjustBrightnessOpConfig {
  type: 'adjustBrightness';
  factor: number;
}

/**
 * `{ type: "adjustContrast" }`: factor·x + (1 − factor)·m, clamped to [0, 1], where m is the
 * mean grey level of the whole image (of the single channel for 1-channel images). factor ≥ 0.
 */
export interface AdjustContrastOpConfig {
  type: 'adjustContrast';
  factor: number;
}

/**
 * `{ type: "adjustSaturation" }`: factor·x + (1 − factor)·grey(x) per pixel, clamped to [0, 1].
 * factor ≥ 0; a 1-channel image has no saturation and is left alone (as torchvision does).
 */
export interface AdjustSaturationOpConfig {
  type: 'adjustSaturation';
  factor: number;
}

/**
 * `{ type: "adjustHue" }`: shifts the hue by factor turns in HSV space (torchvision adjust_hue).
 * factor in [−0.5, 0.5]; a 1-channel image has no hue and is left alone.
 */
export interface AdjustHueOpConfig {
  type: 'adjustHue';
  factor: number;
}

/** `{ type: "grayscale" }`: 0.2989 r + 0.587 g + 0.114 b, written to 1 or 3 channels. */
export interface GrayscaleOpConfig {
  type: 'grayscale';
  /** Output channels, 1 or 3. Default 1. */
  channels?: 1 | 3;
}

/** The resolved fields of the colour ops. */
export type FactorParams = { factor: number };
export type GrayscaleParams = Required<Omit<GrayscaleOpConfig, 'type'>>;

const grayChannels: Check<1 | 3> = { allowed: '1 or 3', test: (v): v is 1 | 3 => v === 1 || v === 3 };

const colorShape = (_h: unknown, input: ImageShape, where: string): ImageShape => {
  checkChannels(input, [1, 3], where);
  return input;
};

function blendOp(type: string): AugmentOpDefinition<FactorParams> {
  return { type, kind: 'value', fields: { factor: { check: nonNegative } }, outputShape: colorShape };
}

/** torchvision's adjust_brightness. */
export const adjustBrightness = blendOp('adjustBrightness');
/** torchvision's adjust_contrast. */
export const adjustContrast = blendOp('adjustContrast');
/** torchvision's adjust_saturation. */
export const adjustSaturation = blendOp('adjustSaturation');

/** torchvision's adjust_hue. */
export const adjustHue: AugmentOpDefinition<FactorParams> = {
  type: 'adjustHue',
  kind: 'value',
  fields: { factor: { check: between(-0.5, 0.5) } },
  outputShape: colorShape,
};

/** torchvision's rgb_to_grayscale (a 1-channel input is already grey: it is copied, or repeated into 3 channels). */
export const grayscale: AugmentOpDefinition<GrayscaleParams> = {
  type: 'grayscale',
  kind: 'value',
  fields: { channels: { default: 1, check: grayChannels } },
  outputShape: (h, input, where) => ({ ...colorShape(h, input, where), channels: h.channels }),
};
