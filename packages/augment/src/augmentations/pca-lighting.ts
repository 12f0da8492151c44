import { IMAGENET_PCA, matrix3, nonNegative, numberTuple, resolveAugmentOp, resolveFields, DescentError, type Fields } from '@descent/core';
import { asBatch, type Image } from '../image';
import { defineAugmentation, type Augmentation } from './augmentation';

/** Principal components of RGB pixel values: eigenvalues (largest first) and eigenvectors as the columns of eigvec. */
export interface PrincipalComponents {
  eigval: number[];
  eigvec: number[][];
}

/** Options of pcaLighting (AlexNet's lighting noise). */
export interface PcaLightingOptions {
  /** Standard deviation of the three Gaussian coefficients. Default 0.1 (AlexNet). */
  alphaStd?: number;
  /** Default IMAGENET_PCA.eigval; or from `computePcaLighting(yourImages)`. */
  eigval?: number[];
  /** Default IMAGENET_PCA.eigvec. */
  eigvec?: number[][];
}

const fields: Fields<Required<PcaLightingOptions>> = {
  alphaStd: { default: 0.1, check: nonNegative },
  eigval: { default: [...IMAGENET_PCA.eigval], check: numberTuple(3) },
  eigvec: { default: IMAGENET_PCA.eigvec.map((row) => [...row]), check: matrix3 },
};

/**
 * AlexNet's "PCA colour augmentation" (Krizhevsky et al. 2012): adds
 * eigvec·(α ⊙ eigval) to every pixel, α ~ N(0, alphaStd²) drawn per image.
 */
export function pcaLighting(options: PcaLightingOptions = {}): Augmentation {
  const h = resolveFields('pcaLighting', fields, options, []);
  return defineAugmentation({ type: 'pcaLighting', ...h }, (_, random) => {
    const alphas = [0, 1, 2].map(() => random.nextNormal() * h.alphaStd);
    return [resolveAugmentOp({ type: 'pcaLighting', alphas, eigval: h.eigval, eigvec: h.eigvec }, 'pcaLighting')];
  });
}

/**
 * The principal components of the RGB values of every pixel of your images (values in
 * 0..1 units): the eigen-decomposition of their 3 × 3 covariance, as the AlexNet paper
 * computes it over the training set. Pass the result to `pcaLighting`.
 */
export function computePcaLighting(images: Image | readonly Image[]): PrincipalComponents {
  const list = Array.isArray(images) ? images : [images as Image];
  const sum = [0, 0, 0];
  const products = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  let count = 0;
  list.forEach((item, index) => {
    const batch = asBatch(item, `images[${index}]`);
    if (batch.channels !== 3) throw new DescentError(`images[${index}].channels`, batch.channels, '3 (RGB)');
    const unit = batch.data instanceof Uint8Array ? 255 : 1;
    const d = batch.data;
    for (let i = 0; i < d.length; i += 3) {
      const rgb = [d[i] / unit, d[i + 1] / unit, d[i + 2] / unit];
      for (let a = 0; a < 3; a++) {
        sum[a] += rgb[a];
        for (let b = 0; b < 3; b++) products[3 * a + b] += rgb[a] * rgb[b];
      }
    }
    count += d.length / 3;
  });
  if (count < 2) throw new DescentError('images', count, 'at least 2 pixels in all');
  const covariance = [0, 1, 2].map((a) => [0, 1, 2].map((b) => (products[3 * a + b] - (sum[a] * sum[b]) / count) / (count - 1)));
  return symmetricEigen3(covariance);
}

/** Eigenvalues (descending) and unit eigenvectors (the columns) of a symmetric 3 × 3 matrix, by cyclic Jacobi rotations. */
export function symmetricEigen3(matrix: number[][]): PrincipalComponents {
  const a = matrix.map((row) => [...row]);
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0][1] ** 2 + a[0][2] ** 2 + a[1][2] ** 2;
    if (off < 1e-30) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]]) {
      if (a[p][q] === 0) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k][p];
        const akq = a[k][q];
        a[k][p] = c * akp - s * akq;
        a[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p][k];
        const aqk = a[q][k];
        a[p][k] = c * apk - s * aqk;
        a[q][k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k][p];
        const vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq;
        v[k][q] = s * vkp + c * vkq;
      }
    }
  }
  const order = [0, 1, 2].sort((i, j) => a[j][j] - a[i][i]);
  return { eigval: order.map((i) => a[i][i]), eigvec: [0, 1, 2].map((row) => order.map((i) => v[row][i])) };
}
