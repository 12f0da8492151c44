import * as tf from '@tensorflow/tfjs';
import { Random } from '@descent/core';

/** The factories `train` shares with tf.train. */
export type TrainFactory = 'sgd' | 'momentum' | 'adagrad' | 'adadelta' | 'adam' | 'adamax' | 'rmsprop';

/** Each of tf.train's factories with its defaults and with every positional argument set: [name, factory, arguments]. */
export const TRAIN_CASES: [string, TrainFactory, unknown[]][] = [
  ['sgd', 'sgd', [0.1]],
  ['momentum', 'momentum', [0.05, 0.9]],
  ['momentum with Nesterov', 'momentum', [0.05, 0.9, true]],
  ['adagrad', 'adagrad', [0.2]],
  ['adagrad with an initial accumulator', 'adagrad', [0.2, 0.5]],
  ['adadelta with defaults', 'adadelta', []],
  ['adadelta', 'adadelta', [0.5, 0.9, 1e-4]],
  ['adam with defaults', 'adam', []],
  ['adam', 'adam', [0.05, 0.8, 0.99, 1e-4]],
  ['adamax with defaults', 'adamax', []],
  ['adamax with decay', 'adamax', [0.05, 0.8, 0.99, null, 0.1]],
  ['rmsprop', 'rmsprop', [0.01]],
  ['centered rmsprop with momentum', 'rmsprop', [0.01, 0.8, 0.5, null, true]],
];

/** Where each factory takes its options: after its last positional argument. */
const OPTIONS_AT: Record<TrainFactory, number> = { sgd: 1, momentum: 3, adagrad: 2, adadelta: 3, adam: 4, adamax: 5, rmsprop: 5 };

/** A case's arguments followed by `options` in the factory's options position. */
export function withOptions(factory: TrainFactory, args: readonly unknown[], options: object): unknown[] {
  return [...args, ...Array(OPTIONS_AT[factory] - args.length).fill(undefined), options];
}

/** A least-squares regression as plain arrays: 12 samples of 3 features (x, 36 values), targets y, and the start of w (3) and b (1). */
export interface Regression {
  x: number[];
  y: number[];
  w: number[];
  b: number[];
}

/** The regression of a seed. */
export function regression(seed: number): Regression {
  const random = new Random(seed);
  const normals = (size: number) => Array.from({ length: size }, () => random.nextNormal());
  return { x: normals(36), y: normals(12), w: normals(3), b: normals(1) };
}

/** The values of w and b after each of `steps` minimize calls of an optimizer on the regression (read with `data()`); disposes the optimizer. */
export async function trajectory(optimizer: tf.Optimizer, problem: Regression, steps: number): Promise<number[][]> {
  const [x, y] = [tf.tensor2d(problem.x, [12, 3]), tf.tensor2d(problem.y, [12, 1])];
  const w = tf.variable(tf.tensor2d(problem.w, [3, 1]));
  const b = tf.variable(tf.tensor1d(problem.b));
  const values: number[][] = [];
  for (let s = 0; s < steps; s++) {
    optimizer.minimize(() => x.matMul(w).add(b).sub(y).square().mean() as tf.Scalar, false, [w, b]);
    values.push([...(await w.data()), ...(await b.data())]);
  }
  tf.dispose([x, y, w, b]);
  optimizer.dispose();
  return values;
}

/** The largest difference between two trajectories, relative to the size of the values. */
export function largestDifference(a: number[][], b: number[][]): number {
  let largest = 0;
  a.forEach((step, s) => step.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - b[s][i]) / Math.max(1, Math.abs(b[s][i]))))));
  return largest;
}
