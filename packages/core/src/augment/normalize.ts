import { DescentError } from '../errors';
import { numberList, positive, finite } from '../fields';
import type { AugmentOpDefinition } from './op';

/** `{ type: "normalize" }`: (x − mean[c]) / std[c] per channel (torchvision normalize); a single mean and std apply to every channel. */
export interface NormalizeOpConfig {
  type: 'normalize';
  mean: number[];
  std: number[];
}

/** The resolved fields of normalize. */
export type NormalizeParams = Omit<NormalizeOpConfig, 'type'>;

/** torchvision's normalize. The output is always float (values leave 0..1). */
export const normalize: AugmentOpDefinition<NormalizeParams> = {
  type: 'normalize',
  kind: 'value',
  fields: { mean: { check: numberList(finite, false) }, std: { check: numberList(positive, false) } },
  refine(h, where) {
    if (h.std.length !== h.mean.length) throw new DescentError(`${where}.std.length`, h.std.length, `${h.mean.length}, the length of mean`);
  },
  outputShape(h, input, where) {
    if (h.mean.length !== 1 && h.mean.length !== input.channels) {
      throw new DescentError(`${where}.mean.length`, h.mean.length, `1 or ${input.channels}, the image's channels`);
    }
    return input;
  },
};
