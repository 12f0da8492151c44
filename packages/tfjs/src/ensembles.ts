import * as tf from '@tensorflow/tfjs';
import { DescentError, restartCycle, type CosineRestartsScheduleConfig } from '@descent/core';
import { DescentOptimizer } from './optimizer/descent-optimizer';

/** Options of the predictions of an ensemble. */
export interface EnsemblePredictOptions {
  /** Batch size of each model's predict. Default 32. */
  batchSize?: number;
}

function meanOf(predictions: readonly tf.Tensor[]): tf.Tensor {
  return predictions.length === 1 ? predictions[0].clone() : tf.addN(predictions as tf.Tensor[]).div(predictions.length);
}

/**
 * The mean of several models' predictions (for classifiers, of their class
 * probabilities): the ensemble the lecture credits with about 2% extra accuracy.
 */
export function averagePredictions(models: readonly tf.LayersModel[], x: tf.Tensor, options: EnsemblePredictOptions = {}): tf.Tensor {
  if (!Array.isArray(models) || models.length === 0 || !models.every((m) => m instanceof tf.LayersModel)) {
    throw new DescentError('models', models, 'a non-empty array of tf.LayersModel');
  }
  return tf.tidy(() => meanOf(models.map((m) => m.predict(x, { batchSize: options.batchSize ?? 32 }) as tf.Tensor)));
}

/**
 * Snapshot ensembles (Huang et al. 2017): a `fit` callback for a model trained by a
 * descent optimizer with a `cosineRestarts` schedule. At the end of every cycle (when
 * the learning rate is about to jump back up) it keeps a copy of the model's weights;
 * `predict` averages the predictions of the kept snapshots.
 */
export class SnapshotEnsemble extends tf.Callback {
  /** The weights kept at each cycle's end, oldest first. */
  readonly snapshots: tf.Tensor[][] = [];
  private schedule: Required<Omit<CosineRestartsScheduleConfig, 'type' | 'minLearningRate'>> | null = null;
  private lastCycle = 0;

  override async onTrainBegin(): Promise<void> {
    const optimizer = this.model.optimizer;
    const schedule = optimizer instanceof DescentOptimizer ? optimizer.schedule : undefined;
    if (!(optimizer instanceof DescentOptimizer) || schedule?.type !== 'cosineRestarts') {
      throw new DescentError('SnapshotEnsemble', this.model.optimizer.getClassName(), 'a descent optimizer with schedule { type: "cosineRestarts", firstDecaySteps }');
    }
    this.schedule = { firstDecaySteps: schedule.firstDecaySteps, tMul: schedule.tMul ?? 1 };
    this.lastCycle = this.cycleAt(optimizer.stepsTaken);
  }

  override async onBatchEnd(): Promise<void> {
    const optimizer = this.model.optimizer;
    if (!(optimizer instanceof DescentOptimizer)) return;
    const cycle = this.cycleAt(optimizer.stepsTaken);
    if (cycle === this.lastCycle) return;
    this.lastCycle = cycle;
    this.snapshots.push(this.model.getWeights().map((w) => tf.keep(w.clone())));
  }

  /** The mean prediction of the snapshots (the model's own weights are put back afterwards). */
  predict(x: tf.Tensor, options: EnsemblePredictOptions = {}): tf.Tensor {
    if (this.snapshots.length === 0) throw new DescentError('SnapshotEnsemble.snapshots', 0, 'at least one finished cycle (train longer than firstDecaySteps)');
    const model = this.model;
    const current = model.getWeights().map((w) => tf.keep(w.clone()));
    try {
      return tf.tidy(() =>
        meanOf(
          this.snapshots.map((weights) => {
            model.setWeights(weights);
            return model.predict(x, { batchSize: options.batchSize ?? 32 }) as tf.Tensor;
          }),
        ),
      );
    } finally {
      model.setWeights(current);
      tf.dispose(current);
    }
  }

  /** Releases the snapshots. */
  dispose(): void {
    for (const weights of this.snapshots) tf.dispose(weights);
    this.snapshots.length = 0;
  }

  private cycleAt(steps: number): number {
    const { firstDecaySteps, tMul } = this.schedule as { firstDecaySteps: number; tMul: number };
    return restartCycle(steps, firstDecaySteps, tMul).cycle;
  }
}
