import * as tf from '@tensorflow/tfjs';
import { adam, sgd } from '@descent/tfjs';
import { useBackend } from './helpers';

/**
 * The fused path writes backend memory directly. These tests prove that a step changes
 * the variables it updates and nothing else: not the tensors sharing their buffers, not
 * the arrays dataSync() returned before, not gradients that alias other variables.
 */
describe.each(['cpu', 'wasm'] as const)('no aliasing on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));

  const step = (optimizer: tf.Optimizer, v: tf.Variable, gradient = [1, 1, 1]) => {
    const g = tf.tensor1d(gradient);
    optimizer.applyGradients({ [v.name]: g });
    g.dispose();
  };

  test('the tensor a variable was made from keeps its values', () => {
    const source = tf.tensor1d([1, 2, 3]);
    const v = tf.variable(source, true, `made-from-${backend}`);
    const optimizer = sgd({ learningRate: 0.5 });
    step(optimizer, v);
    expect(Array.from(source.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([0.5, 1.5, 2.5]);
    expect(optimizer.executedOn).toBe('fused');
    tf.dispose([source, v]);
  });

  test('clones and variables made from the variable keep their values', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]), true, `cloned-${backend}`);
    const clone = v.clone();
    const kept = tf.tidy(() => tf.keep(tf.clone(v)));
    const copy = tf.variable(v, false, `copy-of-cloned-${backend}`);
    const optimizer = sgd({ learningRate: 1 });
    step(optimizer, v);
    step(optimizer, v);
    for (const t of [clone, kept, copy]) expect(Array.from(t.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([-1, 0, 1]);
    tf.dispose([v, clone, kept, copy]);
  });

  test('arrays dataSync() returned before a step keep their values', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]), true, `snapshot-${backend}`);
    const snapshot = v.dataSync();
    const optimizer = sgd({ learningRate: 1 });
    step(optimizer, v);
    expect(Array.from(snapshot)).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([0, 1, 2]);
    v.dispose();
  });

  test('gradients that are the other variables of the step are read before anything is written', () => {
    const fused = [tf.variable(tf.tensor1d([1, 2, 3]), true, `a-${backend}`), tf.variable(tf.tensor1d([4, 5, 6]), true, `b-${backend}`)];
    const ops = [tf.variable(tf.tensor1d([1, 2, 3]), true, `a-ops-${backend}`), tf.variable(tf.tensor1d([4, 5, 6]), true, `b-ops-${backend}`)];
    const crossed = (vars: tf.Variable[]) => [
      { name: vars[0].name, tensor: vars[1] },
      { name: vars[1].name, tensor: vars[0] },
    ];
    sgd({ learningRate: 0.5 }).applyGradients(crossed(fused));
    sgd({ learningRate: 0.5, execution: 'ops' }).applyGradients(crossed(ops));
    expect(fused.map((v) => Array.from(v.dataSync()))).toEqual([[-1, -0.5, 0], [3.5, 4, 4.5]]);
    expect(ops.map((v) => Array.from(v.dataSync()))).toEqual([[-1, -0.5, 0], [3.5, 4, 4.5]]);
    tf.dispose([...fused, ...ops]);
  });

  test('a variable that is its own gradient', () => {
    const v = tf.variable(tf.tensor1d([2, 4, 6]), true, `own-gradient-${backend}`);
    sgd({ learningRate: 0.5 }).applyGradients([{ name: v.name, tensor: v }]);
    expect(Array.from(v.dataSync())).toEqual([1, 2, 3]);
    v.dispose();
  });

  test('a variable that shares its buffer with another trained variable: both get their own update', () => {
    const a = tf.variable(tf.tensor1d([1, 1, 1]), true, `shared-a-${backend}`);
    const b = tf.variable(a, true, `shared-b-${backend}`);
    const optimizer = sgd({ learningRate: 1 });
    const [ga, gb] = [tf.tensor1d([1, 2, 3]), tf.tensor1d([10, 20, 30])];
    optimizer.applyGradients({ [a.name]: ga, [b.name]: gb });
    expect(Array.from(a.dataSync())).toEqual([0, -1, -2]);
    expect(Array.from(b.dataSync())).toEqual([-9, -19, -29]);
    tf.dispose([a, b, ga, gb]);
  });

  test('averaged values handed out stay as they were when later steps run', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]), true, `average-${backend}`);
    const optimizer = adam({ learningRate: 0.1, average: { type: 'polyak' } });
    step(optimizer, v);
    const average = optimizer.averageOf(v) as tf.Tensor;
    const held = Array.from(average.dataSync());
    step(optimizer, v);
    step(optimizer, v);
    expect(Array.from(average.dataSync())).toEqual(held);
    tf.dispose([v, average]);
    optimizer.dispose();
  });

  test('the engine refcounts stay consistent: disposing every tensor frees every buffer', () => {
    const before = tf.memory();
    const source = tf.tensor1d([1, 2, 3]);
    const v = tf.variable(source, true, `refcount-${backend}`);
    const clone = v.clone();
    const optimizer = adam({ learningRate: 0.1 });
    for (let i = 0; i < 3; i++) step(optimizer, v);
    tf.dispose([source, v, clone]);
    optimizer.dispose();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
