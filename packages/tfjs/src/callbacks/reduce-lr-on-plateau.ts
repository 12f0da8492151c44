import * as tf from '@tensorflow/tfjs';
import { createSchedule, DescentError, type ReduceOnPlateauScheduleConfig, type Schedule } from '@descent/core';
import { DescentOptimizer } from '../optimizer/descent-optimizer';
import { loggedValue, type CallbackLogs } from './logs';

/** Options of ReduceLROnPlateau: the core's reduceOnPlateau fields and the metric to watch. */
export interface ReduceLROnPlateauOptions extends Omit<ReduceOnPlateauScheduleConfig, 'type'> {
  /** The epoch-end log to watch. Default "val_loss". */
  monitor?: string;
}

/** An optimizer's learning rate: a descent optimizer's, or the field a tf.train optimizer reads at every step; undefined when it has none. */
function learningRateOf(optimizer: tf.Optimizer): number | undefined {
  const rate: unknown = Reflect.get(optimizer, 'learningRate');
  return typeof rate === 'number' ? rate : undefined;
}

/** Sets an optimizer's learning rate: descent optimizers check it; tf.train's SGD and momentum through setLearningRate. */
function setRate(optimizer: tf.Optimizer, rate: number): void {
  if (optimizer instanceof DescentOptimizer) optimizer.learningRate = rate;
  else if (optimizer instanceof tf.SGDOptimizer) optimizer.setLearningRate(rate);
  else Reflect.set(optimizer, 'learningRate', rate);
}

/**
 * Keras' ReduceLROnPlateau for `fit`: after every epoch the monitored log is reported to
 * the core's reduceOnPlateau schedule (torch ReduceLROnPlateau semantics). When the
 * model's optimizer is a descent optimizer configured with `schedule: { type:
 * 'reduceOnPlateau' }`, the callback feeds that schedule (its state is saved with the
 * optimizer) and must not be given plateau fields itself; otherwise the callback keeps
 * its own plateau schedule and sets the optimizer's learning rate, which works for
 * tf.train optimizers too.
 *
 * @example
 * await model.fit(x, y, { validationSplit: 0.2, callbacks: [new ReduceLROnPlateau({ factor: 0.5, patience: 3 })] });
 */
export class ReduceLROnPlateau extends tf.Callback {
  /** The log watched. */
  readonly monitor: string;
  private readonly fields: Omit<ReduceOnPlateauScheduleConfig, 'type'>;
  /** The callback's own plateau schedule and the rate it scales (set at the first fit), or null when it feeds the optimizer's. */
  private own: { schedule: Schedule; baseRate: number } | null = null;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const { monitor = 'val_loss', ...fields } = options;
    if (typeof monitor !== 'string') throw new DescentError('ReduceLROnPlateau.monitor', monitor, 'the name of a log, e.g. "val_loss"');
    createSchedule({ type: 'reduceOnPlateau', ...fields }, 'ReduceLROnPlateau');
    this.monitor = monitor;
    this.fields = fields;
  }

  override async onTrainBegin(): Promise<void> {
    const optimizer = this.model.optimizer;
    if (optimizer instanceof DescentOptimizer && optimizer.schedule?.type === 'reduceOnPlateau') {
      if (Object.keys(this.fields).length > 0) {
        throw new DescentError('ReduceLROnPlateau', this.fields, 'no plateau fields: the optimizer already has a reduceOnPlateau schedule (configure it there)');
      }
      return;
    }
    const baseRate = learningRateOf(optimizer);
    if (baseRate === undefined) {
      throw new DescentError('ReduceLROnPlateau', optimizer.getClassName(), 'an optimizer with a numeric learningRate to set');
    }
    this.own ??= { schedule: createSchedule({ type: 'reduceOnPlateau', ...this.fields }, 'ReduceLROnPlateau'), baseRate };
  }

  override async onEpochEnd(_epoch: number, logs?: CallbackLogs): Promise<void> {
    const metric = loggedValue(logs, this.monitor, 'ReduceLROnPlateau.monitor');
    const optimizer = this.model.optimizer;
    if (this.own === null) {
      if (optimizer instanceof DescentOptimizer) optimizer.reportMetric(metric);
      return;
    }
    const { schedule, baseRate } = this.own;
    schedule.reportMetric(metric);
    setRate(optimizer, schedule.valueAt(0, baseRate));
  }
}
