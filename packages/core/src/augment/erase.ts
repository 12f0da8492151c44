import { DescentError } from '../errors';
import { nonNegativeInteger } from '../fields';
import { fillValue, integer, seedOrNull } from './checks';
import type { AugmentOpDefinition } from './op';

/**
 * `{ type: "erase" }`: sets the part of the height × width rectangle at (top, left) that lies
 * inside the image to `value` (torchvision erase), or to standard normal noise when
 * `noiseSeed` is set (torchvision RandomErasing's value="random", made replayable).
 */
export interface EraseOpConfig {
  type: 'erase';
  top: number;
  left: number;
  height: number;
  width: number;
  /** In 0..1 units: one value, or one per channel. Default 0. */
  value?: number | number[];
  /**
   * When an integer, the rectangle gets N(0, 1) noise instead: `new Random(noiseSeed).nextNormal()`
   * for each value in row-major (row, column, channel) order. Default null.
   */
  noiseSeed?: number | null;
}

/** The resolved fields of erase. */
export type EraseParams = Required<Omit<EraseOpConfig, 'type'>>;

/** torchvision's erase. */
export const erase: AugmentOpDefinition<EraseParams> = {
  type: 'erase',
  kind: 'value',
  fields: {
    top: { check: integer },
    left: { check: integer },
    height: { check: nonNegativeInteger },
    width: { check: nonNegativeInteger },
    value: { default: 0, check: fillValue },
    noiseSeed: { default: null, check: seedOrNull },
  },
  outputShape(h, input, where) {
    if (Array.isArray(h.value) && h.value.length !== 1 && h.value.length !== input.channels) {
      throw new DescentError(`${where}.value.length`, h.value.length, `1 or ${input.channels}, the image's channels`);
    }
    return input;
  },
};

/** The rows and columns an erase covers in an image: its rectangle clipped to the image (possibly empty). */
export function eraseRegion(h: Pick<EraseParams, 'top' | 'left' | 'height' | 'width'>, height: number, width: number): { top: number; left: number; bottom: number; right: number } {
  const top = Math.min(Math.max(h.top, 0), height);
  const left = Math.min(Math.max(h.left, 0), width);
  return { top, left, bottom: Math.max(top, Math.min(h.top + h.height, height)), right: Math.max(left, Math.min(h.left + h.width, width)) };
}
