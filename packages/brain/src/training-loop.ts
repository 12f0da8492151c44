import { EarlyStopping } from './early-stopping';
import type { ResolvedOptions, TrainingProgress } from './options';

/** Why a call of `train` ended. */
export type StopReason = 'iterations' | 'errorThresh' | 'timeout' | 'earlyStopping' | 'progress';

/** What `train` returns: brain.js's `{ iterations, error }` and more. */
export interface TrainingStatus {
  /** Epochs run in this call. */
  iterations: number;
  /** The last epoch's training error (as brain.js reports it for the net's kind). */
  error: number;
  /** The last epoch's validation error, or null without validation data. */
  validationError: number | null;
  /** The lowest validation error and its epoch (the weights the net ends with when restoreBestWeights), or null. */
  bestValidationError: number | null;
  bestIteration: number | null;
  /** Optimizer steps taken so far (L-BFGS: iterations). */
  steps: number;
  stopReason: StopReason;
}

/** The options the epoch loop reads. */
export type LoopOptions = Pick<ResolvedOptions, 'iterations' | 'errorThresh' | 'timeout' | 'log' | 'logPeriod' | 'callback' | 'callbackPeriod' | 'progress' | 'validation'>;

/** What the loop asks of the optimizer: its next rate, its steps, and a metric for plateau schedules. */
export interface LoopUpdate {
  readonly learningRate: number;
  readonly stepsTaken: number;
  reportMetric(metric: number): void;
}

/** One kind of net's training, as the loop drives it. */
export interface EpochRunner {
  /** Trains one epoch and returns its training error. */
  epoch(): number;
  /** The validation error at inference after the epoch, or null without validation data. */
  validationError(): number | null;
  /** Copies of the weights training would end with now (for restoring the best ones). */
  currentWeights(): Float32Array[];
}

/**
 * brain.js's training loop with descent's additions: epochs until `iterations`,
 * `errorThresh`, `timeout`, early stopping on the validation error or `progress`
 * returning false; log, callback and progress after every epoch; with `pauses`, a yield
 * after each epoch that goes on (so `trainAsync` can give the event loop a turn; `train`
 * runs without: a generator's resumption costs a few percent of a small net's epoch).
 * Returns the status and leaves the best weights (when kept) in the early-stopping record
 * it was given.
 */
export function* trainingLoop(options: LoopOptions, update: LoopUpdate, runner: EpochRunner, early: EarlyStopping | null, pauses: boolean): Generator<void, TrainingStatus, void> {
  const start = Date.now();
  const timed = options.timeout !== Infinity;
  let iterations = 0;
  let error = Infinity;
  let validationError: number | null = null;
  let stopReason: StopReason;
  for (;;) {
    if (iterations >= options.iterations) stopReason = 'iterations';
    else if (error <= options.errorThresh) stopReason = 'errorThresh';
    else if (timed && Date.now() - start >= options.timeout) stopReason = 'timeout';
    else {
      error = runner.epoch();
      iterations++;
      validationError = runner.validationError();
      update.reportMetric(validationError ?? error);
      early?.observe(validationError as number, iterations, () => runner.currentWeights());
      const log = options.log !== null && iterations % options.logPeriod === 0 ? options.log : null;
      // The progress report is made only for an epoch someone reads it (small nets train an epoch in microseconds).
      const progress: TrainingProgress | null =
        log !== null || options.progress !== null
          ? { iterations, error, validationError, learningRate: update.learningRate, steps: update.stepsTaken, elapsedMs: Date.now() - start }
          : null;
      if (log !== null && progress !== null) log(progress);
      if (options.callback !== null && iterations % options.callbackPeriod === 0) options.callback({ iterations, error });
      const proceed = options.progress === null || progress === null || options.progress(progress) !== false;
      if (early?.shouldStop) stopReason = 'earlyStopping';
      else if (!proceed) stopReason = 'progress';
      else {
        if (pauses) yield;
        continue;
      }
    }
    break;
  }
  return {
    iterations,
    error,
    validationError,
    bestValidationError: early?.bestIteration == null ? null : early.best,
    bestIteration: early?.bestIteration ?? null,
    steps: update.stepsTaken,
    stopReason,
  };
}

/** Early stopping as the options ask for it, or null without validation data. */
export function earlyStoppingFor(options: LoopOptions): EarlyStopping | null {
  const { validation } = options;
  return validation === null ? null : new EarlyStopping(validation.patience, validation.minDelta, validation.restoreBestWeights);
}

/** Runs a training generator to its end. */
export function runToEnd<T>(run: Generator<void, T, void>): T {
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
  }
}

/** Runs a training generator to its end, giving the event loop a turn at every yield. */
export async function runToEndAsync<T>(run: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
