import { DescentError } from '@descent/core';
import { NetParameters } from '../src/parameters';
import { LbfgsUpdate } from '../src/updates';

test('an L-BFGS step rejected at a trial point (a NaN loss) leaves brain.js\'s arrays as they were', () => {
  const weights = Float32Array.from([1, 2]);
  const biases = Float32Array.from([-1, 0.5]);
  const parameters = new NetParameters([{ layer: 1, nodes: 2, incoming: 1, weights, biases }], () => true);
  const update = new LbfgsUpdate({ type: 'lbfgs', learningRate: 1, maxIter: 5, maxEval: 7, toleranceGrad: 1e-7, toleranceChange: 1e-9, historySize: 10, lineSearch: null });
  let calls = 0;
  // Σ x², with its gradient 2x written where backpropagation would write it; NaN from the second evaluation on.
  const objective = () => {
    calls++;
    parameters.tensors.forEach((t, i) => parameters.gradients[i].set(t.values.map((v) => 2 * v)));
    return calls >= 2 ? NaN : parameters.tensors.reduce((sum, t) => sum + t.values.reduce((s, v) => s + v * v, 0), 0);
  };
  expect(() => update.step(parameters, objective)).toThrow(DescentError);
  expect(calls).toBe(2);
  expect(Array.from(weights)).toEqual([1, 2]);
  expect(Array.from(biases)).toEqual([-1, 0.5]);
  expect(update.stepsTaken).toBe(0);
});
