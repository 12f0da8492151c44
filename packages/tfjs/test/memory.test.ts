import * as tf from '@tensorflow/tfjs';
import { ruleTypes } from '@descent/core';
import { adam, createDescentOptimizer, type DescentOptimizer, type DescentOptions } from '@descent/tfjs';
import { RULES, useBackend } from './helpers';

const SHAPES = [[2, 2], [3]];
const STEPS = 1000;

/** Gradients that cycle through a few fixed values; every 7th step is non-finite when `nonFinite` is set. */
function gradientsAt(step: number, nonFinite: boolean): number[][] {
  const scale = 1 + (step % 5);
  return SHAPES.map((shape, i) => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, j) => (nonFinite && step % 7 === 6 && j === 0 ? NaN : scale * ((i + j) % 3 - 1))));
}

/**
 * Runs STEPS steps and returns numTensors before the optimizer existed, after the
 * first step that updated (accumulate's first calls only collect), after the last step,
 * and after dispose().
 */
function countTensors(make: () => DescentOptimizer, nonFinite = false, each?: (o: DescentOptimizer, step: number) => void): number[] {
  const variables = SHAPES.map((shape, i) => tf.variable(tf.zeros(shape), true, `leak${Math.random().toString(36).slice(2)}/${i}`));
  const before = tf.memory().numTensors;
  const optimizer = make();
  let afterFirst = -1;
  for (let step = 0; step < STEPS; step++) {
    const grads = gradientsAt(step, nonFinite).map((g, i) => tf.tensor(g, SHAPES[i]));
    optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    tf.dispose(grads);
    each?.(optimizer, step);
    if (afterFirst < 0 && optimizer.lastOutcome === 'updated') afterFirst = tf.memory().numTensors;
  }
  const afterLast = tf.memory().numTensors;
  optimizer.dispose();
  const afterDispose = tf.memory().numTensors;
  tf.dispose(variables);
  return [before, afterFirst, afterLast, afterDispose];
}

/** numTensors after 1000 steps equals its value after the first, and dispose() returns to the start. */
function expectNoLeak([before, afterFirst, afterLast, afterDispose]: number[]): void {
  expect(afterLast).toBe(afterFirst);
  expect(afterDispose).toBe(before);
}

const OPTIONS: [string, DescentOptions, boolean][] = [
  ['schedule cosineRestarts', { schedule: { type: 'cosineRestarts', firstDecaySteps: 10, tMul: 2 } }, false],
  ['schedule reduceOnPlateau', { schedule: { type: 'reduceOnPlateau', patience: 2 } }, false],
  ['clipByValue', { transforms: [{ type: 'clipByValue', clipValue: 0.5 }] }, false],
  ['clipByGlobalNorm', { transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }] }, false],
  ['l1', { transforms: [{ type: 'l1', strength: 0.01 }] }, false],
  ['l2', { transforms: [{ type: 'l2', strength: 0.01 }] }, false],
  ['skipNonFinite (every 7th step NaN)', { transforms: [{ type: 'skipNonFinite' }] }, true],
  ['accumulate', { transforms: [{ type: 'accumulate', steps: 3 }] }, false],
  ['ema', { average: { type: 'ema', decay: 0.9 } }, false],
  ['polyak', { average: { type: 'polyak' } }, false],
  ['groups', { groups: [{ pattern: '/1$', learningRateMultiplier: 0.1, weightDecay: 0 }] }, false],
];

describe.each(['fused', 'ops'] as const)('no leaks on the %s path (cpu)', (execution) => {
  beforeAll(() => useBackend('cpu'));

  test.each(ruleTypes)('%s', (type) => {
    expectNoLeak(countTensors(() => createDescentOptimizer(RULES[type], { execution })));
  });

  test.each(OPTIONS)('adam with %s', (_name, options, nonFinite) => {
    const reportsMetric = options.schedule?.type === 'reduceOnPlateau';
    expectNoLeak(countTensors(() => adam({ ...options, execution }), nonFinite, reportsMetric ? (o, step) => o.reportMetric(1 + (step % 3)) : undefined));
  });

  test('adam with every option at once', () => {
    const options: DescentOptions = {
      execution,
      schedule: { type: 'cosine', decaySteps: 500 },
      transforms: [{ type: 'skipNonFinite' }, { type: 'clipByGlobalNorm', maxNorm: 1 }, { type: 'l2', strength: 0.01 }, { type: 'accumulate', steps: 2 }],
      average: { type: 'ema', decay: 0.99 },
      groups: [{ pattern: '/0$', learningRateMultiplier: 2 }],
    };
    expectNoLeak(countTensors(() => adam(options), true));
  });

  test('getWeights (what model.save calls) leaks nothing however often it is called', async () => {
    const saves: number[] = [];
    const counts = countTensors(
      () => adam({ execution, average: { type: 'ema' } }),
      false,
      (o, step) => {
        if (step % 100 === 99) {
          void o.getWeights();
          saves.push(tf.memory().numTensors);
        }
      },
    );
    expect(new Set(saves).size).toBe(1);
    expect(counts[3]).toBe(counts[0]);
  });

  test('steps that throw (bad shapes, NaN without skipNonFinite) leave nothing behind', () => {
    const [v] = [tf.variable(tf.zeros([3]), true, `throws-${execution}`)];
    const optimizer = adam({ execution });
    const good = tf.tensor1d([1, 2, 3]);
    const wrongShape = tf.tensor1d([1, 2]);
    const nan = tf.tensor1d([1, NaN, 3]);
    optimizer.applyGradients({ [v.name]: good });
    const count = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      expect(() => optimizer.applyGradients({ [v.name]: wrongShape })).toThrow();
      expect(() => optimizer.applyGradients({ [v.name]: nan })).toThrow();
    }
    expect(tf.memory().numTensors).toBe(count);
    optimizer.dispose();
    tf.dispose([v, good, wrongShape, nan]);
  });
});

describe('no leaks on the wasm backend (fused on the heap, copy-on-write)', () => {
  beforeAll(() => useBackend('wasm'));
  afterAll(() => useBackend('cpu'));

  test.each(['adam', 'sgd'] as const)('%s', (type) => {
    expectNoLeak(countTensors(() => createDescentOptimizer(RULES[type], { average: { type: 'ema' } })));
  });
});
