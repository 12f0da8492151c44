import { oneOf, resolveAugmentOp, resolveFields, roundHalfEven, type Fields, type ImageShape, type Interpolation, type Random } from '@descent/core';
import { defineAugmentation, type Augmentation } from './augmentation';
import { range, size, sizeOf, type Size } from './checks';

/** Options of randomResizedCrop (torchvision RandomResizedCrop). */
export interface RandomResizedCropOptions {
  /** Output size: n for n × n, or [height, width]. */
  size: Size;
  /** Range of the crop's area as a fraction of the image's. Default [0.08, 1]. */
  scale?: [number, number];
  /** Range of the crop's aspect ratio (width / height), sampled log-uniformly. Default [3/4, 4/3]. */
  ratio?: [number, number];
  /** Default "bilinear". */
  interpolation?: Interpolation;
}

const fields: Fields<Required<RandomResizedCropOptions>> = {
  size: { check: size },
  scale: { default: [0.08, 1], check: range(0, 1, true) },
  ratio: { default: [3 / 4, 4 / 3], check: range(0, Infinity, true) },
  interpolation: { default: 'bilinear', check: oneOf<Interpolation>('bilinear', 'nearest') },
};

/** A crop window: top, left, height, width. */
export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}

/**
 * torchvision's RandomResizedCrop.get_params: up to 10 tries of an area uniform in
 * scale·area and a log-uniform aspect ratio, rounded half to even, accepted when it
 * fits; otherwise the centred crop of the whole image clamped to the ratio range (at
 * least one pixel, where torchvision would fail on an empty crop).
 */
export function sampleResizedCropBox(shape: ImageShape, scale: [number, number], ratio: [number, number], random: Random): Box {
  const { height, width } = shape;
  const area = height * width;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])];
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * random.uniform(scale[0], scale[1]);
    const aspect = Math.exp(random.uniform(logRatio[0], logRatio[1]));
    const w = roundHalfEven(Math.sqrt(targetArea * aspect));
    const h = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return { top: random.nextInt(height - h + 1), left: random.nextInt(width - w + 1), height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < ratio[0]) h = Math.max(1, roundHalfEven(w / ratio[0]));
  else if (inRatio > ratio[1]) w = Math.max(1, roundHalfEven(h * ratio[1]));
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/**
 * A random part of the image (area fraction in `scale`, aspect ratio in `ratio`),
 * resized to `size`: the lecture's "random crops and scales" as used for ImageNet training.
 */
export function randomResizedCrop(options: RandomResizedCropOptions): Augmentation {
  const h = resolveFields('randomResizedCrop', fields, options, []);
  const [outHeight, outWidth] = sizeOf(h.size);
  return defineAugmentation({ type: 'randomResizedCrop', ...h }, (shape, random) => {
    const box = sampleResizedCropBox(shape, h.scale, h.ratio, random);
    return [resolveAugmentOp({ type: 'resizedCrop', ...box, outHeight, outWidth, interpolation: h.interpolation }, 'randomResizedCrop')];
  });
}
