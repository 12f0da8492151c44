import { resolveAugmentOp, resolveFields, roundHalfEven, type Check, type Fields } from '@descent/core';
import { defineAugmentation, type Augmentation } from './augmentation';
import { probability, range } from './checks';

/** Options of randomErasing (torchvision RandomErasing, Zhong et al.). */
export interface RandomErasingOptions {
  /** Probability of erasing. Default 0.5. */
  p?: number;
  /** Range of the erased area as a fraction of the image's. Default [0.02, 0.33]. */
  scale?: [number, number];
  /** Range of the rectangle's aspect ratio, sampled log-uniformly. Default [0.3, 3.3]. */
  ratio?: [number, number];
  /** The fill, in 0..1 units: a number, one per channel, or "random" for N(0, 1) noise. Default 0. */
  value?: number | number[] | 'random';
}

const eraseValue: Check<number | number[] | 'random'> = {
  allowed: 'a finite number, an array of them (one per channel), or "random"',
  test: (v): v is number | number[] | 'random' =>
    v === 'random' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x))),
};

const fields: Fields<Required<RandomErasingOptions>> = {
  p: { default: 0.5, check: probability },
  scale: { default: [0.02, 0.33], check: range(0, 1, true) },
  ratio: { default: [0.3, 3.3], check: range(0, Infinity, true) },
  value: { default: 0, check: eraseValue },
};

/**
 * Erases a random rectangle with probability p, as torchvision's RandomErasing samples
 * it: up to 10 tries of an area in scale·area and a log-uniform ratio, kept when it fits
 * strictly inside the image; nothing is erased when no try fits. "random" noise is drawn
 * from a recorded seed, so a replay erases with the very same noise.
 */
export function randomErasing(options: RandomErasingOptions = {}): Augmentation {
  const h = resolveFields('randomErasing', fields, options, []);
  return defineAugmentation({ type: 'randomErasing', ...h }, ({ height, width }, random) => {
    if (!(random.nextFloat() < h.p)) return [];
    const area = height * width;
    const logRatio = [Math.log(h.ratio[0]), Math.log(h.ratio[1])];
    for (let attempt = 0; attempt < 10; attempt++) {
      const eraseArea = area * random.uniform(h.scale[0], h.scale[1]);
      const aspect = Math.exp(random.uniform(logRatio[0], logRatio[1]));
      const eh = roundHalfEven(Math.sqrt(eraseArea * aspect));
      const ew = roundHalfEven(Math.sqrt(eraseArea / aspect));
      if (!(eh < height && ew < width)) continue;
      const noiseSeed = h.value === 'random' ? random.nextUint32() : null;
      const top = random.nextInt(height - eh + 1);
      const left = random.nextInt(width - ew + 1);
      const value = h.value === 'random' ? 0 : h.value;
      return [resolveAugmentOp({ type: 'erase', top, left, height: eh, width: ew, value, noiseSeed }, 'randomErasing')];
    }
    return [];
  });
}
