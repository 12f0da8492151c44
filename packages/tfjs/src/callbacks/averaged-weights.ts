import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { DescentOptimizer } from '../optimizer/descent-optimizer';
import type { CallbackLogs } from './logs';

/** Where averaged weights go: a model (its weights) or a list of variables. */
export type AveragedTarget = tf.LayersModel | readonly tf.Variable[];

function variablesOf(target: AveragedTarget): tf.Variable[] {
  if (Array.isArray(target)) return [...target];
  if (target instanceof tf.LayersModel) return target.weights.map((w) => w.read() as tf.Variable);
  throw new DescentError('target', target, 'a tf.LayersModel or an array of tf.Variable');
}

function checkAveraging(optimizer: unknown): asserts optimizer is DescentOptimizer {
  if (!(optimizer instanceof DescentOptimizer)) throw new DescentError('optimizer', optimizer, 'a descent optimizer');
  if (!optimizer.keepsAverage) {
    throw new DescentError('optimizer', optimizer.getClassName(), 'an optimizer configured with `average: { type: "ema" }` or `{ type: "polyak" }`, or a rule with its own (asgd)');
  }
}

/**
 * Puts the optimizer's averaged (EMA or Polyak) weights into the model or variables and
 * returns a function that puts the trained weights back. Variables with no average yet
 * (never trained, or frozen) keep their values.
 *
 * @example
 * const restore = useAveragedWeights(optimizer, model);
 * const accuracy = evaluate(model);
 * restore();
 */
export function useAveragedWeights(optimizer: DescentOptimizer, target: AveragedTarget): () => void {
  checkAveraging(optimizer);
  const trained: [tf.Variable, tf.Tensor][] = [];
  for (const variable of variablesOf(target)) {
    const average = optimizer.averageOf(variable);
    if (average === null) continue;
    trained.push([variable, tf.keep(variable.clone())]);
    variable.assign(average);
    average.dispose();
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    for (const [variable, values] of trained) {
      variable.assign(values);
      values.dispose();
    }
  };
}

/** Runs `use` with the averaged weights in place, and puts the trained weights back afterwards (even when it throws). */
export async function withAveragedWeights<T>(optimizer: DescentOptimizer, target: AveragedTarget, use: () => T | Promise<T>): Promise<T> {
  const restore = useAveragedWeights(optimizer, target);
  try {
    return await use();
  } finally {
    restore();
  }
}

/** Options of AveragedWeightsValidation. */
export interface AveragedWeightsValidationOptions {
  /** The data to evaluate on: inputs and targets. */
  validationData: [tf.Tensor | tf.Tensor[], tf.Tensor | tf.Tensor[]];
  /** Batch size of the evaluation. Default 32. */
  batchSize?: number;
  /** Prefix of the logs added. Default "averaged_val_". */
  prefix?: string;
}

/**
 * A `fit` callback that, at the end of every epoch, evaluates the model with the
 * optimizer's averaged weights swapped in, swaps the trained weights back, and adds the
 * results to the epoch's logs (`averaged_val_loss`, `averaged_val_acc`, …) so they show in
 * the history next to the trained weights' `val_loss`.
 */
export class AveragedWeightsValidation extends tf.Callback {
  private readonly options: Required<AveragedWeightsValidationOptions>;

  constructor(options: AveragedWeightsValidationOptions) {
    super();
    if (!Array.isArray(options?.validationData) || options.validationData.length !== 2) {
      throw new DescentError('AveragedWeightsValidation.validationData', options?.validationData, '[inputs, targets]');
    }
    this.options = { batchSize: 32, prefix: 'averaged_val_', ...options };
  }

  override async onEpochEnd(_epoch: number, logs?: CallbackLogs): Promise<void> {
    const model = this.model;
    const optimizer = model.optimizer;
    checkAveraging(optimizer);
    const [x, y] = this.options.validationData;
    const results = await withAveragedWeights(optimizer, model, () => {
      const evaluated = model.evaluate(x, y, { batchSize: this.options.batchSize });
      const scalars = Array.isArray(evaluated) ? evaluated : [evaluated];
      const values = scalars.map((s) => s.dataSync()[0]);
      tf.dispose(scalars);
      return values;
    });
    if (logs === undefined) return;
    model.metricsNames.forEach((name, i) => {
      logs[`${this.options.prefix}${name}`] = results[i];
    });
  }
}
