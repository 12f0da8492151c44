import { GRAYSCALE_WEIGHTS } from '@descent/core';
import type { Kernels } from './kernels';
import type { Slot } from './workspace';

const [WR, WG, WB] = GRAYSCALE_WEIGHTS;
const valuesOf = (s: Slot): number => s.height * s.width * s.channels;

/** In place: clamp(factor·x) (torchvision adjust_brightness). */
export function adjustBrightness(k: Kernels, image: Slot, factor: number): void {
  k.affine(image.pixels, image.address, valuesOf(image), factor, 0);
}

/** The mean grey level of an image: of 0.2989 r + 0.587 g + 0.114 b for RGB, of the channel for grey. */
function meanGrey(k: Kernels, image: Slot): number {
  const pixels = image.height * image.width;
  const sums = k.channelSums(image.pixels, image.address, pixels, image.channels);
  return (image.channels === 1 ? sums[0] : WR * sums[0] + WG * sums[1] + WB * sums[2]) / pixels;
}

/** In place: clamp(factor·x + (1 − factor)·mean grey) (torchvision adjust_contrast). */
export function adjustContrast(k: Kernels, image: Slot, factor: number): void {
  k.affine(image.pixels, image.address, valuesOf(image), factor, (1 - factor) * meanGrey(k, image));
}
