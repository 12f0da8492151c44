import * as tf from '@tensorflow/tfjs';
import { DescentError, Random } from '@descent/core';
import { DescentOptimizer, train } from '../src';
import { seeded, useBackend } from './helpers';

/** A least-squares regression: 12 samples of 3 features, a weight vector and a bias. */
function regression(seed: number) {
  const random = new Random(seed);
  const x = tf.tensor2d(seeded(random, 36), [12, 3]);
  const y = tf.tensor2d(seeded(random, 12), [12, 1]);
  const start = [seeded(random, 3), seeded(random, 1)];
  return { x, y, start };
}

/** The values of w and b after each of `steps` minimize calls of an optimizer on the regression. */
function trajectory(optimizer: tf.Optimizer, seed: number, steps: number): number[][] {
  const { x, y, start } = regression(seed);
  const w = tf.variable(tf.tensor2d(start[0], [3, 1]));
  const b = tf.variable(tf.tensor1d(start[1]));
  const values: number[][] = [];
  for (let s = 0; s < steps; s++) {
    optimizer.minimize(() => x.matMul(w).add(b).sub(y).square().mean() as tf.Scalar, false, [w, b]);
    values.push([...w.dataSync(), ...b.dataSync()]);
  }
  tf.dispose([x, y, w, b]);
  optimizer.dispose();
  return values;
}

/** The largest difference between two trajectories, relative to the size of the values. */
function largestDifference(a: number[][], b: number[][]): number {
  let largest = 0;
  a.forEach((step, s) => step.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - b[s][i]) / Math.max(1, Math.abs(b[s][i]))))));
  return largest;
}

type Factory = (...args: never[]) => tf.Optimizer;

/** Each of tf.train's factories with its defaults and with every positional argument set. */
const CASES: [string, keyof typeof train & keyof typeof tf.train, unknown[]][] = [
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
const OPTIONS_AT: Record<(typeof CASES)[number][1], number> = { sgd: 1, momentum: 3, adagrad: 2, adadelta: 3, adam: 4, adamax: 5, rmsprop: 5 };

describe.each([
  ['cpu', 'auto'],
  ['wasm', 'auto'],
  ['cpu', 'ops'],
] as const)('train reproduces tf.train on the %s backend (execution %s)', (backend, execution) => {
  beforeAll(() => useBackend(backend));

  it.each(CASES)('%s', (_name, factory, args) => {
    const theirs = trajectory((tf.train[factory] as Factory)(...(args as never[])), 3, 30);
    const withOptions = [...args, ...Array(OPTIONS_AT[factory] - args.length).fill(undefined), { execution }];
    const optimizer = (train[factory] as Factory)(...(withOptions as never[]));
    expect(optimizer instanceof DescentOptimizer && optimizer.execution).toBe(execution);
    const ours = trajectory(optimizer, 3, 30);
    expect(ours.flat().every(Number.isFinite)).toBe(true);
    // The first step moves every value: the comparison is of trajectories, not of a standstill.
    expect(largestDifference([ours[0]], [trajectory(tf.train.sgd(0), 3, 1)[0]])).toBeGreaterThan(1e-4);
    expect(largestDifference(ours, theirs)).toBeLessThan(2e-6);
  });
});

describe('train factories', () => {
  beforeAll(() => useBackend('cpu'));

  it("take tf.train's defaults, ε from the backend", () => {
    const epsilon = tf.backend().epsilon();
    expect(train.adam().hyperparameters).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon });
    expect(train.rmsprop(0.01).hyperparameters).toMatchObject({ decay: 0.9, momentum: 0, epsilon, centered: false, formula: 'tfjs' });
    expect(train.adagrad(0.01).hyperparameters).toMatchObject({ initialAccumulatorValue: 0.1, epsilon, formula: 'tfjs' });
    expect(train.adadelta().hyperparameters).toMatchObject({ learningRate: 0.001, rho: 0.95, epsilon });
    expect(train.adamax().hyperparameters).toMatchObject({ learningRate: 0.002, lrDecay: 0, epsilon, formula: 'tfjs' });
    expect(train.momentum(0.1, 0.9).hyperparameters).toMatchObject({ momentum: 0.9, nesterov: false, dampening: 0 });
    expect(train.momentum(0.1, 0, true).hyperparameters).toMatchObject({ momentum: 0, nesterov: false });
  });

  it('take every descent option on top', () => {
    const plain = trajectory(train.adam(0.05), 5, 10);
    const scheduled = train.adam(0.05, 0.9, 0.999, null, { schedule: { type: 'step', stepSize: 5, gamma: 0.1 }, weightDecay: 0.01 });
    expect(scheduled.hyperparameters.weightDecay).toBe(0.01);
    expect(scheduled.schedule).toEqual({ type: 'step', stepSize: 5, gamma: 0.1 });
    const withSchedule = trajectory(scheduled, 5, 10);
    expect(largestDifference(withSchedule.slice(0, 1), plain.slice(0, 1))).toBeGreaterThan(0);
    expect(largestDifference(withSchedule.slice(6), plain.slice(6))).toBeGreaterThan(1e-3);
  });

  it('reject an option that repeats a positional argument, and a missing required one', () => {
    expect(() => train.rmsprop(0.01, 0.9, 0, null, false, { decay: 0.5 } as never)).toThrow(DescentError);
    expect(() => train.rmsprop(0.01, 0.9, 0, null, false, { decay: 0.5 } as never)).toThrow(/train\.rmsprop options\.decay/);
    expect(() => (train.sgd as (lr?: number) => tf.Optimizer)()).toThrow(/train\.sgd learningRate/);
    expect(() => train.adam(0.01, 0.9, 0.999, null, 'fast' as never)).toThrow(/train\.adam options/);
    expect(() => train.adam(-1)).toThrow(DescentError);
  });
});
