import { checkChannels } from './image-shape';
import { matrix3, numberTuple } from './checks';
import type { AugmentOpDefinition } from './op';

/**
 * The RGB principal components of ImageNet used by AlexNet-style lighting noise, for
 * images in 0..1 (as published with fb.resnet.torch): eigenvalues, largest first, and
 * eigenvectors as the columns of `eigvec`.
 */
export const IMAGENET_PCA: { readonly eigval: readonly number[]; readonly eigvec: readonly (readonly number[])[] } = {
  eigval: [0.2175, 0.0188, 0.0045],
  eigvec: [
    [-0.5675, 0.7192, 0.4009],
    [-0.5808, -0.0045, -0.814],
    [-0.5836, -0.6948, 0.4203],
  ],
};

/** `{ type: "pcaLighting" }`: adds eigvec·(alphas ⊙ eigval) to every RGB pixel (AlexNet's lighting noise), unclamped. */
export interface PcaLightingOpConfig {
  type: 'pcaLighting';
  /** The three sampled coefficients. */
  alphas: number[];
  /** Default IMAGENET_PCA.eigval. */
  eigval?: number[];
  /** Default IMAGENET_PCA.eigvec. */
  eigvec?: number[][];
}

/** The resolved fields of pcaLighting. */
export type PcaLightingParams = Required<Omit<PcaLightingOpConfig, 'type'>>;

/** The offset added to each of r, g, b: Σⱼ eigvec[c][j]·alphas[j]·eigval[j]. */
export function pcaLightingOffsets(h: PcaLightingParams): [number, number, number] {
  const offset = (c: number) => h.eigvec[c].reduce((sum, v, j) => sum + v * h.alphas[j] * h.eigval[j], 0);
  return [offset(0), offset(1), offset(2)];
}

/** AlexNet's PCA lighting. Needs 3 channels. */
export const pcaLighting: AugmentOpDefinition<PcaLightingParams> = {
  type: 'pcaLighting',
  kind: 'value',
  fields: {
    alphas: { check: numberTuple(3) },
    eigval: { default: [...IMAGENET_PCA.eigval], check: numberTuple(3) },
    eigvec: { default: IMAGENET_PCA.eigvec.map((row) => [...row]), check: matrix3 },
  },
  outputShape(_h, input, where) {
    checkChannels(input, [3], where);
    return input;
  },
};
