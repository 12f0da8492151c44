import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { adam, DescentAdam, sgd } from '@descent/tfjs';
import { useBackend, valuesOf } from './helpers';

/** The DescentError a call throws (fails the test when it throws nothing or something else). */
function errorOf(call: () => unknown): DescentError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(DescentError);
    return error as DescentError;
  }
  throw new Error('expected a DescentError, nothing was thrown');
}

describe.each(['fused', 'ops'] as const)('bad input on the %s path', (execution) => {
  beforeAll(() => useBackend('cpu'));

  let a: tf.Variable;
  let b: tf.Variable;
  let optimizer: DescentAdam;
  let id = 0;
  beforeEach(() => {
    id++;
    a = tf.variable(tf.tensor2d([[1, 2], [3, 4]]), true, `bad-${execution}-${id}/a`);
    b = tf.variable(tf.tensor1d([5, 6, 7]), true, `bad-${execution}-${id}/b`);
    optimizer = adam({ learningRate: 0.1, execution });
    // One good step, so that "nothing changed" covers existing state too.
    step({ [a.name]: [[1, 1], [1, 1]], [b.name]: [1, 1, 1] });
  });
  afterEach(() => {
    optimizer.dispose();
    tf.dispose([a, b]);
  });

  function step(grads: Record<string, number[] | number[][]>, dtype: 'float32' | 'int32' = 'float32'): void {
    const tensors = Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.tensor(g, undefined, dtype)]));
    try {
      optimizer.applyGradients(tensors);
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }

  /** Runs a rejected step and checks that no variable and no state changed. */
  function rejected(call: () => unknown): DescentError {
    const values = valuesOf([a, b]);
    const state = optimizer.exportState();
    const error = errorOf(call);
    expect(valuesOf([a, b])).toEqual(values);
    expect(optimizer.exportState()).toEqual(state);
    return error;
  }

  test('not a gradient map', () => {
    expect(rejected(() => optimizer.applyGradients(42 as never)).argument).toBe('variableGradients');
    expect(rejected(() => optimizer.applyGradients([7] as never)).argument).toBe('variableGradients[0]');
  });

  test('a gradient for a variable that does not exist', () => {
    const error = rejected(() => step({ [a.name]: [[1, 1], [1, 1]], 'no/such/variable': [1] }));
    expect(error.argument).toBe('variableGradients["no/such/variable"]');
    expect(error.message).toMatch(/no variable has this name/);
  });

  test('a trainable variable with no gradient names the variable', () => {
    const g = tf.tensor2d([[1, 1], [1, 1]]);
    const error = rejected(() => optimizer.applyGradients([{ name: a.name, tensor: g }, { name: b.name, tensor: undefined as never }]));
    expect(error.argument).toBe(`variableGradients["${b.name}"]`);
    expect(error.message).toContain(`variable "${b.name}" is trainable but has none`);
    g.dispose();
  });

  test('a frozen variable with no gradient is skipped, the others are updated', () => {
    b.trainable = false;
    const g = tf.tensor2d([[1, 1], [1, 1]]);
    const before = valuesOf([a, b]);
    optimizer.applyGradients([{ name: a.name, tensor: g }, { name: b.name, tensor: undefined as never }]);
    expect(valuesOf([b])).toEqual([before[1]]);
    expect(valuesOf([a])).not.toEqual([before[0]]);
    g.dispose();
  });

  test('mismatched dtypes', () => {
    expect(rejected(() => step({ [a.name]: [[1, 1], [1, 1]] }, 'int32')).argument).toBe(`variableGradients["${a.name}"].dtype`);
    const counter = tf.variable(tf.tensor1d([1], 'int32'), true, `bad-${execution}-${id}/int`);
    const g = tf.tensor1d([1], 'int32');
    expect(rejected(() => optimizer.applyGradients({ [counter.name]: g })).argument).toBe(`variable "${counter.name}".dtype`);
    tf.dispose([counter, g]);
  });

  test('mismatched shapes', () => {
    const error = rejected(() => step({ [a.name]: [[1, 1], [1, 1]], [b.name]: [1, 1] }));
    expect(error.argument).toBe(`variableGradients["${b.name}"].shape`);
    expect(error.allowed).toContain('[3]');
  });

  test('the same variable twice', () => {
    const g = tf.tensor1d([1, 1, 1]);
    expect(rejected(() => optimizer.applyGradients([{ name: b.name, tensor: g }, { name: b.name, tensor: g }])).argument).toBe(`variableGradients["${b.name}"]`);
    g.dispose();
  });

  test('a disposed gradient', () => {
    const g = tf.tensor1d([1, 1, 1]);
    g.dispose();
    expect(rejected(() => optimizer.applyGradients({ [b.name]: g })).message).toMatch(/disposed/);
  });

  test('NaN gradients: an error naming the variable and element, nothing half-updated', () => {
    const error = rejected(() => step({ [a.name]: [[1, 1], [1, 1]], [b.name]: [1, 1, NaN] }));
    expect(error.argument).toBe(`grads[1] ("${b.name}")[2]`);
    expect(error.value).toBeNaN();
    expect(error.message).toMatch(/skipNonFinite/);
  });

  test('with skipNonFinite the step is skipped and counted; maxConsecutive gives up', () => {
    optimizer.dispose();
    optimizer = adam({ learningRate: 0.1, execution, transforms: [{ type: 'skipNonFinite', maxConsecutive: 2 }] });
    const values = valuesOf([a, b]);
    step({ [a.name]: [[1, Infinity], [1, 1]], [b.name]: [1, 1, 1] });
    expect(optimizer.lastOutcome).toBe('skipped');
    step({ [a.name]: [[1, 1], [1, 1]], [b.name]: [NaN, 1, 1] });
    expect(optimizer.skippedSteps).toBe(2);
    expect(valuesOf([a, b])).toEqual(values);
    expect(rejected(() => step({ [a.name]: [[1, 1], [1, 1]], [b.name]: [NaN, 1, 1] })).message).toMatch(/gave up/);
    step({ [a.name]: [[1, 1], [1, 1]], [b.name]: [1, 1, 1] });
    expect(optimizer.lastOutcome).toBe('updated');
  });

  test('a variable whose size changed since its state was made (same name, new variable)', () => {
    const name = `bad-${execution}-${id}/c`;
    const g4 = tf.ones([4]);
    const c4 = tf.variable(tf.zeros([4]), true, name);
    optimizer.applyGradients({ [name]: g4 });
    c4.dispose();
    const c5 = tf.variable(tf.zeros([5]), true, name);
    const g5 = tf.ones([5]);
    const error = errorOf(() => optimizer.applyGradients({ [name]: g5 }));
    expect(error.argument).toBe(`params[0] ("${name}").values.length`);
    expect(Array.from(c5.dataSync())).toEqual([0, 0, 0, 0, 0]);
    optimizer.forget([name]);
    optimizer.applyGradients({ [name]: g5 });
    expect(c5.dataSync()[0]).toBeLessThan(0);
    tf.dispose([c5, g4, g5]);
  });
});

describe('bad arguments outside steps', () => {
  beforeAll(() => useBackend('cpu'));

  test('a non-config argument', () => {
    expect(errorOf(() => adam('fast' as never)).argument).toBe('adam');
    expect(errorOf(() => new DescentAdam(null as never)).argument).toBe('adam');
    expect(errorOf(() => adam({ type: 'sgd' } as never)).argument).toBe('adam.type');
  });

  test('weights that are not a descent optimizer state', async () => {
    const optimizer = adam();
    const weights = [{ name: 'iter', tensor: tf.scalar(3, 'int32') }];
    await expect(optimizer.setWeights(weights)).rejects.toThrow(DescentError);
    const other = sgd();
    const sgdWeights = await other.getWeights();
    await expect(optimizer.setWeights(sgdWeights)).rejects.toThrow(/state\.rule\.type/);
    tf.dispose(weights.map((w) => w.tensor));
    [optimizer, other].forEach((o) => o.dispose());
  });

  test('execution "fused" where the data is not in JS-visible memory of the active backend', async () => {
    const v = tf.variable(tf.ones([2]), true, 'fused-elsewhere');
    await useBackend('wasm');
    const g = tf.ones([2]);
    const optimizer = sgd({ execution: 'fused' });
    const error = errorOf(() => optimizer.applyGradients({ [v.name]: g }));
    expect(error.argument).toBe('execution');
    await useBackend('cpu');
    tf.dispose([v, g]);
  });
});
