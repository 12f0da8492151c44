import type { AugmentCase, ExpectedTargets, OptimizerCase } from './format';
import type { AugmentRun, OptimizerRun } from './target';

/** The tolerance a value must meet: |got − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Defaults for float32 targets when a case gives none. */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-6 };
/** What the float64 reference must meet on open-loop cases. */
export const REFERENCE_TOLERANCE: Tolerance = { rtol: 1e-9, atol: 1e-12 };
/** The default tolerance of augmentation cases. */
export const DEFAULT_AUGMENT_ATOL = 1e-5;

/** True when `got` is within tolerance of `expected` (non-finite values must be identical). */
export function close(got: number, expected: number, { rtol, atol }: Tolerance): boolean {
  if (!Number.isFinite(expected) || !Number.isFinite(got)) return Object.is(got, expected);
  return Math.abs(got - expected) <= atol + rtol * Math.abs(expected);
}

/** The tolerance for a case on a target of the given precision. */
export function toleranceFor(c: OptimizerCase, precision: 'float32' | 'float64'): Tolerance {
  if (precision === 'float64' && c.grads !== undefined) return REFERENCE_TOLERANCE;
  return { rtol: c.rtol ?? DEFAULT_TOLERANCE.rtol, atol: c.atol ?? DEFAULT_TOLERANCE.atol };
}

const show = (v: number) => (Number.isFinite(v) ? v.toPrecision(9) : String(v));

function firstDifference(got: ArrayLike<number> | undefined, expected: number[], tolerance: Tolerance): string | null {
  if (got === undefined) return 'missing';
  if (got.length !== expected.length) return `length ${got.length}, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    if (!close(got[i], expected[i], tolerance)) return `index ${i}: got ${show(got[i])}, expected ${show(expected[i])}`;
  }
  return null;
}

/** The first place a run differs from its case (step, tensor, index, got, expected), or null. */
export function compareOptimizerRun(c: OptimizerCase, run: OptimizerRun, tolerance: Tolerance): string | null {
  for (let s = 0; s < c.expected.length; s++) {
    if (run.params[s] === undefined) return `step ${s + 1}: no parameters produced`;
    if (c.expectedLearningRates !== undefined) {
      const lr = run.learningRates?.[s];
      if (lr === undefined) return `step ${s + 1}, learning rate: missing`;
      if (!close(lr, c.expectedLearningRates[s], tolerance)) {
        return `step ${s + 1}, learning rate: got ${show(lr)}, expected ${show(c.expectedLearningRates[s])}`;
      }
    }
    for (let i = 0; i < c.expected[s].length; i++) {
      const difference = firstDifference(run.params[s][i], c.expected[s][i], tolerance);
      if (difference !== null) return `step ${s + 1}, tensor ${i}, ${difference}`;
    }
    if (c.expectedLoss !== undefined) {
      const loss = run.losses?.[s];
      if (loss === undefined) return `step ${s + 1}, loss: missing`;
      if (!close(loss, c.expectedLoss[s], tolerance)) return `step ${s + 1}, loss: got ${show(loss)}, expected ${show(c.expectedLoss[s])}`;
    }
  }
  if (c.expectedAverage !== undefined) {
    for (let i = 0; i < c.expectedAverage.length; i++) {
      const difference = firstDifference(run.average?.[i], c.expectedAverage[i], tolerance);
      if (difference !== null) return `average, tensor ${i}, ${difference}`;
    }
  }
  return null;
}

/** The first place moved targets differ from the expected ones (boxes, keypoints, then labels), or null. */
function compareTargets(expected: ExpectedTargets, got: AugmentRun['targets'], tolerance: { rtol: number; atol: number }): string | null {
  if (got === undefined) return 'no targets: the target ran the image only';
  for (const part of ['boxes', 'keypoints', 'labels'] as const) {
    const difference = firstDifference(got[part], expected[part], part === 'labels' ? { rtol: 0, atol: 0 } : tolerance);
    if (difference !== null) return `${part}, ${difference}`;
  }
  return null;
}

/** The first place an augmentation output differs from its case, or null. */
export function compareAugmentRun(c: AugmentCase, run: AugmentRun): string | null {
  const expected = c.expected;
  if (run.shape.length !== expected.shape.length || run.shape.some((d, i) => d !== expected.shape[i])) {
    return `shape [${run.shape.join(', ')}], expected [${expected.shape.join(', ')}]`;
  }
  const bytes = expected.dtype === 'uint8';
  const tolerance = { rtol: 0, atol: c.atol ?? (bytes ? 0 : DEFAULT_AUGMENT_ATOL) };
  const difference = firstDifference(run.values, expected.values, tolerance);
  if (difference === null) return c.expectedTargets === undefined ? null : compareTargets(c.expectedTargets, run.targets, tolerance);
  const index = Number(/^index (\d+)/.exec(difference)?.[1] ?? -1);
  if (index < 0 || expected.shape.length !== 3) return difference;
  const [, width, channels] = expected.shape;
  const pixel = Math.floor(index / channels);
  return `${difference} (row ${Math.floor(pixel / width)}, column ${pixel % width}, channel ${index % channels})`;
}
