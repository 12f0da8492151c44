import { DescentError } from '../errors';
import { isPlainObject, positive, positiveInteger, resolveFields, unitInterval, type Fields } from '../fields';

/** The settings of a learning-rate range test (Smith 2017; fastai's lr_find). */
export interface RangeTestConfig {
  /** The first rate. Default 1e-7. */
  minLearningRate?: number;
  /** The last rate. Default 10. */
  maxLearningRate?: number;
  /** Steps, the rate growing geometrically from min to max. Default 100. */
  steps?: number;
  /** Weight of the old value in the smoothed loss (bias-corrected EMA). Default 0.98. */
  smoothing?: number;
  /** The test stops once the smoothed loss exceeds this many times its lowest value. Default 4. */
  divergenceFactor?: number;
}

/** A range-test config checked and completed with its defaults. */
export type ResolvedRangeTest = Required<RangeTestConfig>;

const rangeTestFields: Fields<ResolvedRangeTest> = {
  minLearningRate: { default: 1e-7, check: positive, doc: 'The first rate.' },
  maxLearningRate: { default: 10, check: positive, doc: 'The last rate.' },
  steps: { default: 100, check: positiveInteger, doc: 'Steps from min to max.' },
  smoothing: { default: 0.98, check: unitInterval, doc: 'EMA weight of the smoothed loss.' },
  divergenceFactor: { default: 4, check: positive, doc: 'Stop when the smoothed loss exceeds this multiple of its lowest value.' },
};

/** Checks a range-test config (unknown keys, ranges, min < max, at least 3 steps) and fills in the defaults. */
export function resolveRangeTest(config: unknown = {}, where = 'rangeTest', ignore: readonly string[] = []): ResolvedRangeTest {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'a range-test config: { minLearningRate, maxLearningRate, steps, smoothing, divergenceFactor }');
  const resolved = resolveFields(where, rangeTestFields, config, ignore);
  if (resolved.minLearningRate >= resolved.maxLearningRate) {
    throw new DescentError(`${where}.minLearningRate`, resolved.minLearningRate, `a rate below maxLearningRate (${resolved.maxLearningRate})`);
  }
  if (resolved.steps < 3) throw new DescentError(`${where}.steps`, resolved.steps, 'an integer ≥ 3 (the suggestion needs a slope)');
  return resolved;
}

/** The rate of step i (from 0): min·(max/min)^(i/(steps − 1)). */
export function rangeTestRate(config: ResolvedRangeTest, i: number): number {
  return config.minLearningRate * Math.pow(config.maxLearningRate / config.minLearningRate, i / (config.steps - 1));
}

/** What a range test found: the loss at every rate it tried, and the rate it suggests. */
export interface RangeTestResult {
  /** The rates tried, one per step, in order. */
  readonly learningRates: number[];
  /** The loss each step reported. */
  readonly losses: number[];
  /** The smoothed losses (bias-corrected EMA), the curve the suggestion reads. */
  readonly smoothedLosses: number[];
  /**
   * The suggested rate: where the smoothed loss falls fastest per decade of rate, before its
   * minimum and after the first tenth of the steps (fastai's "steep" point); null when the
   * loss never fell.
   */
  readonly suggestedLearningRate: number | null;
  /** Why the test ended: all steps taken, or the loss diverged (non-finite or divergenceFactor × its lowest). */
  readonly stopReason: 'steps' | 'diverged';
}

/**
 * Records a range test step by step: `rate(i)` gives the rate of step i; `record(loss)` takes
 * that step's loss and returns false once the test should stop (the loss diverged or every
 * step is taken); `result()` reads the curve and the suggestion.
 */
export class RangeTestRecorder {
  private readonly rates: number[] = [];
  private readonly losses: number[] = [];
  private readonly smoothed: number[] = [];
  private average = 0;
  private best = Infinity;
  private diverged = false;

  constructor(readonly config: ResolvedRangeTest) {}

  /** The rate of step i. */
  rate(i: number): number {
    return rangeTestRate(this.config, i);
  }

  /** Records the loss of the next step; false when the test is over. */
  record(loss: number): boolean {
    const i = this.losses.length;
    const { smoothing, divergenceFactor, steps } = this.config;
    this.rates.push(this.rate(i));
    this.losses.push(loss);
    this.average = smoothing * this.average + (1 - smoothing) * loss;
    const smoothed = this.average / (1 - Math.pow(smoothing, i + 1));
    this.smoothed.push(smoothed);
    if (!Number.isFinite(smoothed) || smoothed > divergenceFactor * this.best) {
      this.diverged = true;
      return false;
    }
    this.best = Math.min(this.best, smoothed);
    return this.losses.length < steps;
  }

  /** The curve so far and the suggested rate. */
  result(): RangeTestResult {
    return {
      learningRates: [...this.rates],
      losses: [...this.losses],
      smoothedLosses: [...this.smoothed],
      suggestedLearningRate: steepestRate(this.rates, this.smoothed),
      stopReason: this.diverged ? 'diverged' : 'steps',
    };
  }
}

/**
 * The rate where the loss falls fastest against log(rate), up to its lowest finite value,
 * leaving out the first tenth of the steps, where the smoothed loss still settles (as
 * fastai's lr_find skips the start); null if it never falls.
 */
function steepestRate(rates: readonly number[], losses: readonly number[]): number | null {
  let lowest = 0;
  losses.forEach((loss, i) => {
    if (Number.isFinite(loss) && loss < losses[lowest]) lowest = i;
  });
  let steepest: number | null = null;
  let slope = 0;
  for (let i = Math.max(1, Math.floor(losses.length / 10)); i <= lowest; i++) {
    const s = (losses[i] - losses[i - 1]) / Math.log(rates[i] / rates[i - 1]);
    if (s < slope) {
      slope = s;
      steepest = i;
    }
  }
  return steepest === null ? null : rates[steepest];
}
