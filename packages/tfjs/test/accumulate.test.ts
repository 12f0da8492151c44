import * as tf from '@tensorflow/tfjs';
import { sgd } from '@descent/tfjs';
import { useBackend } from './helpers';

describe.each(['fused', 'ops'] as const)('accumulate on the %s path', (execution) => {
  beforeAll(() => useBackend('cpu'));

  test('every sum starts again after an update, also for a variable missing from that call', () => {
    const a = tf.variable(tf.tensor1d([0]), true, `accumulate-${execution}-a`);
    const b = tf.variable(tf.tensor1d([0]), true, `accumulate-${execution}-b`);
    const optimizer = sgd({ learningRate: 1, transforms: [{ type: 'accumulate', steps: 2 }], execution });
    const step = (grads: [tf.Variable, number][]) =>
      tf.tidy(() => optimizer.applyGradients(grads.map(([v, g]) => ({ name: v.name, tensor: tf.tensor1d([g]) }))));
    step([[a, 2], [b, 100]]);
    step([[a, 4]]); // completes the window: b's partial 100 is dropped
    expect(a.dataSync()[0]).toBe(-3);
    step([[a, 0], [b, 0]]);
    step([[a, 0], [b, 0]]);
    expect(b.dataSync()[0]).toBe(0);
    const before = tf.memory().numTensors;
    optimizer.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    tf.dispose([a, b]);
  });
});
