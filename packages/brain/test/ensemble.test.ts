import { DescentError } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import { Ensemble, trainEnsemble } from '../src';
import { accuracy, mnistSamples, seededNet } from './helpers';

const training = mnistSamples(0, 29);
const heldOut = mnistSamples(500, 549);

/** brain.js's error: mean over samples of the mean squared output error. */
function error(run: (input: number[]) => ArrayLike<number>, samples: { input: number[]; output: number[] }[]): number {
  return samples.reduce((sum, { input, output }) => {
    const got = run(input);
    return sum + output.reduce((s, t, j) => s + (t - got[j]) ** 2, 0) / output.length;
  }, 0) / samples.length;
}

describe('an ensemble of five brain.js nets trained on 300 MNIST digits with different seeds', () => {
  const { ensemble, statuses } = trainEnsemble(5, () => new NeuralNetwork({ hiddenLayers: [32] }), training, {
    optimizer: { type: 'adam', learningRate: 0.005 },
    batchSize: 10,
    dropout: 0.2,
    iterations: 8,
  });
  const members = ensemble.members as NeuralNetwork<number[], number[]>[];
  const run = (input: number[]) => ensemble.run(input) as Float32Array;

  test('each member is a plain brain.js net trained with its own seed', () => {
    expect(statuses.map((s) => s.iterations)).toEqual([8, 8, 8, 8, 8]);
    expect(members.every((net) => net instanceof NeuralNetwork)).toBe(true);
    expect(new Set(members.map((net) => net.weights[1][0][0])).size).toBe(5);
  });

  test('run averages the members’ outputs', () => {
    const { input } = heldOut[0];
    const outputs = members.map((net) => Array.from(net.run(input)));
    Array.from(run(input)).forEach((v, j) => expect(v).toBeCloseTo(outputs.reduce((s, o) => s + o[j], 0) / 5, 6));
  });

  test('on held-out digits the ensemble’s error is below the members’ mean and its accuracy above the best member’s', () => {
    const memberErrors = members.map((net) => error((input) => net.run(input), heldOut));
    expect(error(run, heldOut)).toBeLessThan(memberErrors.reduce((a, b) => a + b, 0) / 5);
    const memberAccuracy = Math.max(...members.map((net) => accuracy(net, heldOut)));
    const ensembleAccuracy = heldOut.filter(({ input, output }) => {
      const got = Array.from(run(input));
      return got.indexOf(Math.max(...got)) === output.indexOf(1);
    }).length / heldOut.length;
    expect(ensembleAccuracy).toBeGreaterThan(memberAccuracy);
  });

  test('toJSON / fromJSON rebuilds an ensemble that answers the same', () => {
    const copy = Ensemble.fromJSON(JSON.parse(JSON.stringify(ensemble.toJSON())));
    expect(Array.from(copy.run(heldOut[3].input) as Float32Array)).toEqual(Array.from(run(heldOut[3].input)));
  });
});

test('lookup outputs are averaged key by key', () => {
  const data = [
    { input: { a: 1, b: 0 }, output: { yes: 1, no: 0 } },
    { input: { a: 0, b: 1 }, output: { yes: 0, no: 1 } },
  ];
  const { ensemble } = trainEnsemble(2, () => new NeuralNetwork({ hiddenLayers: [3] }), data, { iterations: 20 });
  const input = { a: 1, b: 0 };
  const [x, y] = ensemble.members.map((net) => net.run(input) as Record<string, number>);
  const mean = ensemble.run(input) as Record<string, number>;
  expect(mean.yes).toBeCloseTo((x.yes + y.yes) / 2, 6);
  expect(mean.no).toBeCloseTo((x.no + y.no) / 2, 6);
});

test('members must agree on inputs and outputs', () => {
  expect(() => new Ensemble([seededNet([3, 4, 2]), seededNet([3, 5, 3])])).toThrow(DescentError);
  expect(() => new Ensemble([])).toThrow(DescentError);
  expect(() => new Ensemble([new NeuralNetwork()])).toThrow(/members\[0\]/);
});
