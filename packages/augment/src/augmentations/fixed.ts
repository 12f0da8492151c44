import { oneOf, resolveAugmentOp, resolveFields, finite, numberList, positive, type Check, type Fields, type ImageShape, type Interpolation, type PadMode } from '@descent/core';
import { defineAugmentation, type Augmentation } from './augmentation';
import { paddingOf, paddingSpec, size, sizeOf, type PaddingSpec, type Size } from './checks';

/** A fixed augmentation: the same op for every image of a shape. */
function fixed(config: { type: string }, opOf: (shape: ImageShape) => unknown): Augmentation {
  return defineAugmentation(config, (shape) => [resolveAugmentOp(opOf(shape), config.type)]);
}

const interpolation = { default: 'bilinear' as Interpolation, check: oneOf<Interpolation>('bilinear', 'nearest') };

/** Options of resize. */
export interface ResizeOptions {
  /** [height, width], or n: the shorter side becomes n and the longer keeps the aspect ratio (torchvision Resize). */
  size: Size;
  /** Default "bilinear". */
  interpolation?: Interpolation;
}

/** The output [height, width] of torchvision's Resize(size) for an image. */
export function resizedShape(s: Size, { height, width }: ImageShape): [number, number] {
  if (Array.isArray(s)) return [s[0], s[1]];
  return height <= width ? [s, Math.max(1, Math.floor((s * width) / height))] : [Math.max(1, Math.floor((s * height) / width)), s];
}

/** Resizes every image (torchvision Resize, antialias off). */
export function resize(options: ResizeOptions): Augmentation {
  const h = resolveFields('resize', { size: { check: size }, interpolation } as Fields<Required<ResizeOptions>>, options, []);
  return fixed({ type: 'resize', ...h }, (shape) => {
    const [height, width] = resizedShape(h.size, shape);
    return { type: 'resize', height, width, interpolation: h.interpolation };
  });
}

/** The centred window of `size` (torchvision CenterCrop). */
export function centerCrop(options: { size: Size }): Augmentation {
  const h = resolveFields('centerCrop', { size: { check: size } }, options, []);
  const [height, width] = sizeOf(h.size);
  return fixed({ type: 'centerCrop', ...h }, () => ({ type: 'centerCrop', height, width }));
}

/** Options of pad. */
export interface PadOptions {
  /** n, [left/right, top/bottom], [left, top, right, bottom] or an object. */
  padding: PaddingSpec;
  /** Fill of constant padding, in 0..1 units. Default 0. */
  fill?: number;
  /** Default "constant". */
  paddingMode?: PadMode;
}

/** Pads every image (torchvision Pad). */
export function pad(options: PadOptions): Augmentation {
  const fields: Fields<Required<PadOptions>> = {
    padding: { check: paddingSpec },
    fill: { default: 0, check: finite },
    paddingMode: { default: 'constant', check: oneOf<PadMode>('constant', 'reflect', 'edge', 'symmetric') },
  };
  const h = resolveFields('pad', fields, options, []);
  return fixed({ type: 'pad', ...h }, () => ({ type: 'pad', padding: paddingOf(h.padding), mode: h.paddingMode, value: h.fill }));
}

const greyChannels: Check<1 | 3> = { allowed: '1 or 3', test: (v): v is 1 | 3 => v === 1 || v === 3 };

/** Grey levels in 1 or 3 channels (torchvision Grayscale). */
export function grayscale(options: { channels?: 1 | 3 } = {}): Augmentation {
  const h = resolveFields('grayscale', { channels: { default: 1, check: greyChannels } }, options, []);
  return fixed({ type: 'grayscale', ...h }, () => ({ type: 'grayscale', channels: h.channels }));
}

/** (x − mean) / std per channel (torchvision Normalize); the output is float. */
export function normalize(options: { mean: number[]; std: number[] }): Augmentation {
  const h = resolveFields('normalize', { mean: { check: numberList(finite, false) }, std: { check: numberList(positive, false) } }, options, []);
  resolveAugmentOp({ type: 'normalize', ...h }, 'normalize');
  return fixed({ type: 'normalize', ...h }, () => ({ type: 'normalize', ...h }));
}
