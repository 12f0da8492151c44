import { DescentError } from '../errors';
import { finite, oneOf } from '../fields';
import { composeAxes, identityAxis, linearAxis, nearestAxis, padAxis, reversedAxis, windowAxis, type AxisMap, type PadMode } from './axis-map';
import { imageSide, integer, padding, type Padding } from './checks';
import type { ImageShape } from './image-shape';
import type { AugmentOpDefinition } from './op';
import { roundHalfEven } from './rounding';
import { axisPointMap } from './targets';

/** `{ type: "flipLeftRight" }`: mirrors every row (torchvision hflip). */
export interface FlipLeftRightOpConfig {
  type: 'flipLeftRight';
}

/** `{ type: "flipUpDown" }`: mirrors every column (torchvision vflip). */
export interface FlipUpDownOpConfig {
  type: 'flipUpDown';
}

/** `{ type: "crop" }`: the window of `height` × `width` at (top, left); parts outside the image are zeros. */
export interface CropOpConfig {
  type: 'crop';
  top: number;
  left: number;
  height: number;
  width: number;
}

/** `{ type: "centerCrop" }`: the centred window (torchvision center_crop, zero-padded when larger than the image). */
export interface CenterCropOpConfig {
  type: 'centerCrop';
  height: number;
  width: number;
}

/** `{ type: "pad" }`: adds pixels on each side. */
export interface PadOpConfig {
  type: 'pad';
  padding: Padding;
  /** constant (fill with `value`), reflect (mirror, border once), edge (repeat border), symmetric (mirror, border twice). Default "constant". */
  mode?: PadMode;
  /** The fill of constant mode, in 0..1 units. Default 0. */
  value?: number;
}

/** How a resize samples: bilinear with half-pixel centres, or torch's legacy nearest. Both without antialiasing. */
export type Interpolation = 'bilinear' | 'nearest';

/** `{ type: "resize" }`: to exactly `height` × `width` (torchvision resize with antialias off). */
export interface ResizeOpConfig {
  type: 'resize';
  height: number;
  width: number;
  /** Default "bilinear". */
  interpolation?: Interpolation;
}

/** `{ type: "resizedCrop" }`: crop (zeros outside the image), then resize to outHeight × outWidth (torchvision resized_crop). */
export interface ResizedCropOpConfig {
  type: 'resizedCrop';
  top: number;
  left: number;
  height: number;
  width: number;
  outHeight: number;
  outWidth: number;
  /** Default "bilinear". */
  interpolation?: Interpolation;
}

/** The resolved fields of a crop op. */
export type CropParams = Omit<CropOpConfig, 'type'>;
/** The resolved fields of a centerCrop op. */
export type CenterCropParams = Omit<CenterCropOpConfig, 'type'>;
/** The resolved fields of a pad op. */
export type PadParams = Required<Omit<PadOpConfig, 'type'>>;
/** The resolved fields of a resize op. */
export type ResizeParams = Required<Omit<ResizeOpConfig, 'type'>>;
/** The resolved fields of a resizedCrop op. */
export type ResizedCropParams = Required<Omit<ResizedCropOpConfig, 'type'>>;

const interpolation = { default: 'bilinear' as Interpolation, check: oneOf<Interpolation>('bilinear', 'nearest') };
const same = (_: unknown, input: ImageShape): ImageShape => input;
const resample = (kind: Interpolation): ((length: number, size: number) => AxisMap) => (kind === 'nearest' ? nearestAxis : linearAxis);

/** torchvision's hflip. */
export const flipLeftRight: AugmentOpDefinition<Record<string, never>> = {
  type: 'flipLeftRight',
  kind: 'geometry',
  fields: {},
  outputShape: same,
  geometry: (_, { height, width }) => ({ rows: identityAxis(height), cols: reversedAxis(width), fill: 0 }),
  points: (_, { width }) => axisPointMap(-1, width, 1, 0),
};

/** torchvision's vflip. */
export const flipUpDown: AugmentOpDefinition<Record<string, never>> = {
  type: 'flipUpDown',
  kind: 'geometry',
  fields: {},
  outputShape: same,
  geometry: (_, { height, width }) => ({ rows: reversedAxis(height), cols: identityAxis(width), fill: 0 }),
  points: (_, { height }) => axisPointMap(1, 0, -1, height),
};

/** torchvision's crop: any window, zeros where it leaves the image. */
export const crop: AugmentOpDefinition<CropParams> = {
  type: 'crop',
  kind: 'geometry',
  fields: { top: { check: integer }, left: { check: integer }, height: { check: imageSide }, width: { check: imageSide } },
  outputShape: (h, input) => ({ height: h.height, width: h.width, channels: input.channels }),
  geometry: (h, input) => ({ rows: windowAxis(h.height, h.top, input.height), cols: windowAxis(h.width, h.left, input.width), fill: 0 }),
  points: (h) => axisPointMap(1, -h.left, 1, -h.top),
};

/**
 * Where torchvision's center_crop puts a window of `length` in `size` along one axis:
 * round-half-even((size − length)/2) when it fits, else −⌊(length − size)/2⌋ (the image
 * is zero-padded, the extra pixel going after it).
 */
export function centerCropStart(size: number, length: number): number {
  return length <= size ? roundHalfEven((size - length) / 2) : 0 - Math.floor((length - size) / 2); // 0 − x: never −0
}

/** The crop window of a centre crop of `height` × `width` in an image. */
export function centerCropBox(input: ImageShape, height: number, width: number): CropParams {
  return { top: centerCropStart(input.height, height), left: centerCropStart(input.width, width), height, width };
}

/** torchvision's center_crop. */
export const centerCrop: AugmentOpDefinition<CenterCropParams> = {
  type: 'centerCrop',
  kind: 'geometry',
  fields: { height: { check: imageSide }, width: { check: imageSide } },
  outputShape: (h, input) => ({ height: h.height, width: h.width, channels: input.channels }),
  geometry: (h, input) => crop.geometry!(centerCropBox(input, h.height, h.width), input),
  points: (h, input) => crop.points!(centerCropBox(input, h.height, h.width), input),
};

/** torchvision's pad (constant, reflect, edge, symmetric). */
export const pad: AugmentOpDefinition<PadParams> = {
  type: 'pad',
  kind: 'geometry',
  fields: {
    padding: { check: padding },
    mode: { default: 'constant', check: oneOf<PadMode>('constant', 'reflect', 'edge', 'symmetric') },
    value: { default: 0, check: finite },
  },
  outputShape(h, input, where) {
    const { left, top, right, bottom } = h.padding;
    const limit = h.mode === 'reflect' ? 1 : h.mode === 'symmetric' ? 0 : null;
    if (limit !== null) {
      for (const [side, amount, size] of [['left', left, input.width], ['right', right, input.width], ['top', top, input.height], ['bottom', bottom, input.height]] as const) {
        if (amount > size - limit) {
          throw new DescentError(`${where}.padding.${side}`, amount, `at most ${size - limit} for ${h.mode} padding of a side ${size} pixels long`);
        }
      }
    }
    return { height: input.height + top + bottom, width: input.width + left + right, channels: input.channels };
  },
  geometry: (h, input) => ({
    rows: padAxis(input.height, h.padding.top, h.padding.bottom, h.mode),
    cols: padAxis(input.width, h.padding.left, h.padding.right, h.mode),
    fill: h.mode === 'constant' ? h.value : 0,
  }),
  points: (h) => axisPointMap(1, h.padding.left, 1, h.padding.top),
};

/** torchvision's resize to an exact size, antialias off. */
export const resize: AugmentOpDefinition<ResizeParams> = {
  type: 'resize',
  kind: 'geometry',
  fields: { height: { check: imageSide }, width: { check: imageSide }, interpolation },
  outputShape: (h, input) => ({ height: h.height, width: h.width, channels: input.channels }),
  geometry: (h, input) => ({
    rows: resample(h.interpolation)(h.height, input.height),
    cols: resample(h.interpolation)(h.width, input.width),
    fill: 0,
  }),
  points: (h, input) => axisPointMap(h.width / input.width, 0, h.height / input.height, 0),
};

/** torchvision's resized_crop: crop (zeros outside), then resize. */
export const resizedCrop: AugmentOpDefinition<ResizedCropParams> = {
  type: 'resizedCrop',
  kind: 'geometry',
  fields: {
    top: { check: integer },
    left: { check: integer },
    height: { check: imageSide },
    width: { check: imageSide },
    outHeight: { check: imageSide },
    outWidth: { check: imageSide },
    interpolation,
  },
  outputShape: (h, input) => ({ height: h.outHeight, width: h.outWidth, channels: input.channels }),
  geometry(h, input) {
    const window = (length: number, start: number, size: number, out: number): AxisMap =>
      composeAxes(windowAxis(length, start, size), resample(h.interpolation)(out, length))!;
    return { rows: window(h.height, h.top, input.height, h.outHeight), cols: window(h.width, h.left, input.width, h.outWidth), fill: 0 };
  },
  points(h) {
    const sx = h.outWidth / h.width;
    const sy = h.outHeight / h.height;
    return axisPointMap(sx, -h.left * sx, sy, -h.top * sy);
  },
};
