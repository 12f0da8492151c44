import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { DescentOptimizer, train } from '../src';
import { useBackend } from './helpers';
import { largestDifference, regression, trajectory, TRAIN_CASES, withOptions } from './train-cases';

type Factory = (...args: never[]) => tf.Optimizer;

describe.each([
  ['cpu', 'auto'],
  ['wasm', 'auto'],
  ['cpu', 'ops'],
] as const)('train reproduces tf.train on the %s backend (execution %s)', (backend, execution) => {
  beforeAll(() => useBackend(backend));

  it.each(TRAIN_CASES)('%s', async (_name, factory, args) => {
    const problem = regression(3);
    const theirs = await trajectory((tf.train[factory] as Factory)(...(args as never[])), problem, 30);
    const optimizer = (train[factory] as Factory)(...(withOptions(factory, args, { execution }) as never[]));
    expect(optimizer instanceof DescentOptimizer && optimizer.execution).toBe(execution);
    const ours = await trajectory(optimizer, problem, 30);
    expect(ours.flat().every(Number.isFinite)).toBe(true);
    // The first step moves every value: the comparison is of trajectories, not of a standstill.
    expect(largestDifference([ours[0]], [[...problem.w, ...problem.b]])).toBeGreaterThan(1e-4);
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

  it('take every descent option on top', async () => {
    const plain = await trajectory(train.adam(0.05), regression(5), 10);
    const scheduled = train.adam(0.05, 0.9, 0.999, null, { schedule: { type: 'step', stepSize: 5, gamma: 0.1 }, weightDecay: 0.01 });
    expect(scheduled.hyperparameters.weightDecay).toBe(0.01);
    expect(scheduled.schedule).toEqual({ type: 'step', stepSize: 5, gamma: 0.1 });
    const withSchedule = await trajectory(scheduled, regression(5), 10);
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
