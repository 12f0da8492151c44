/**
 * Early stopping on a validation error: remembers the best error, its epoch and (when
 * asked) a copy of the weights it was reached with, and says when `patience` epochs
 * have passed without an improvement of more than `minDelta`.
 */
export class EarlyStopping {
  best = Infinity;
  bestIteration: number | null = null;
  bestWeights: Float32Array[] | null = null;
  private wait = 0;

  constructor(
    private readonly patience: number,
    private readonly minDelta: number,
    private readonly keepWeights: boolean,
  ) {}

  /** Records one epoch's validation error; `weights` copies the weights it was measured on. */
  observe(error: number, iteration: number, weights: () => Float32Array[]): void {
    if (error < this.best - this.minDelta) {
      this.best = error;
      this.bestIteration = iteration;
      this.wait = 0;
      if (this.keepWeights) this.bestWeights = weights();
    } else {
      this.wait++;
    }
  }

  /** True once `patience` epochs in a row brought no improvement. */
  get shouldStop(): boolean {
    return this.wait >= this.patience;
  }
}
