import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';

/** The logs tfjs passes to callbacks: numbers, or scalars not yet read. */
export type CallbackLogs = { [key: string]: number | tf.Scalar };

/** The value of `key` in a callback's logs as a number, or an error naming what fit did log. */
export function loggedValue(logs: CallbackLogs | undefined, key: string, where: string): number {
  const value = logs?.[key];
  if (value === undefined) {
    throw new DescentError(where, key, `a value fit logs at epoch end (logged: ${Object.keys(logs ?? {}).join(', ') || 'nothing'}; "val_…" needs validationData)`);
  }
  return typeof value === 'number' ? value : value.dataSync()[0];
}
