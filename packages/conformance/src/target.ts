import type { AugmentCase, OptimizerCase } from './format';

/** What a target produced for an optimizer case. */
export interface OptimizerRun {
  /** params[s][i]: tensor i after step s, flat. */
  params: ArrayLike<number>[][];
  /** The learning rate used at each step, when the target can tell. */
  learningRates?: number[];
  /** The averaged parameters after the last step, when averaging is configured. */
  average?: ArrayLike<number>[];
  /** The objective after each step (closed-loop cases). */
  losses?: number[];
}

/** What a target produced for an augmentation case. */
export interface AugmentRun {
  shape: number[];
  values: ArrayLike<number>;
  /** The case's targets after the op (cases with `targets`). */
  targets?: { boxes: ArrayLike<number>; keypoints: ArrayLike<number>; labels: ArrayLike<number> };
}

/**
 * A backend under test. It runs the cases of the formats it supports; a case it cannot
 * run (an unknown type, field or objective) throws an Error whose message names it, and
 * the case fails with that message.
 */
export interface ConformanceTarget {
  /** The target's name as given to `--target`. */
  readonly name: string;
  /** "float64" targets are held to rtol 1e-9 / atol 1e-12 on open-loop optimizer cases. */
  readonly precision: 'float32' | 'float64';
  /** Runs one optimizer case (absent: the target runs no optimizer vectors). */
  runOptimizerCase?(c: OptimizerCase): OptimizerRun | Promise<OptimizerRun>;
  /** Runs one augmentation case (absent: the target runs no augmentation vectors). */
  runAugmentCase?(c: AugmentCase): AugmentRun | Promise<AugmentRun>;
  /** Releases what the target holds (tfjs backends, tensors). */
  dispose?(): void | Promise<void>;
}

/** What a package exports at `<package>/conformance` so the command can load its targets. */
export interface TargetModule {
  createTarget(name: string): ConformanceTarget | Promise<ConformanceTarget>;
}
