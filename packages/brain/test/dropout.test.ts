import { dropoutMask, Random, type DropoutMode } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import { train } from '../src';
import { cloneNet, finiteDifferences, maskedLoss, randomSamples, seededNet } from './helpers';

const SIZES = [3, 5, 2];
const RATE = 0.3;
const LEARNING_RATE = 0.5;

/** The mask the trainer draws for its first sample: its dropout generator is the third fork of the seed's. */
function firstMask(seed: number, mode: DropoutMode): Float32Array {
  const root = new Random(seed);
  root.fork();
  root.fork();
  const mask = new Float32Array(SIZES[1]);
  dropoutMask(root.fork(), RATE, mask, mode);
  return mask;
}

/**
 * One SGD step on one sample, computed independently: finite differences of brain.js's
 * own loss of the net the step trains on (weights after the hidden layer divided by
 * 1 − rate for classic dropout), with the trainer's mask, then back to inference form.
 */
function expectedAfterOneStep(net: ReturnType<typeof seededNet>, sample: { input: number[]; output: number[] }, mode: DropoutMode, seed: number) {
  const trained = cloneNet(net);
  const keep = mode === 'classic' ? 1 - RATE : 1;
  for (const row of trained.weights[2]) row.forEach((w, k) => (row[k] = w / keep));
  const masks = [null, firstMask(seed, mode)];
  const gradients = finiteDifferences(trained, () => maskedLoss(trained, masks, [sample]), 1e-3);
  for (const l of [1, 2]) {
    const g = gradients.get(`weights/${l}`) as Float64Array;
    trained.weights[l].forEach((row, j) => row.forEach((w, k) => (row[k] = (w - LEARNING_RATE * g[j * row.length + k]) * (l === 2 ? keep : 1))));
    const gb = gradients.get(`biases/${l}`) as Float64Array;
    trained.biases[l].forEach((b, j) => (trained.biases[l][j] = b - LEARNING_RATE * gb[j]));
  }
  return trained;
}

describe.each(['inverted', 'classic'] as const)('%s dropout', (mode) => {
  test('one step trains with the seeded mask and leaves a plain net in inference form', () => {
    const seed = 4;
    expect(firstMask(seed, mode).filter((m) => m === 0).length).toBeGreaterThan(0);
    const net = seededNet(SIZES, 'sigmoid', 6, 1);
    const [sample] = randomSamples(1, 3, 2);
    const expected = expectedAfterOneStep(net, sample, mode, seed);
    train(net, [sample], { optimizer: { type: 'sgd', learningRate: LEARNING_RATE }, dropout: RATE, dropoutMode: mode, seed, iterations: 1 });
    for (const l of [1, 2]) {
      net.weights[l].forEach((row, j) => row.forEach((w, k) => expect(w).toBeCloseTo(expected.weights[l][j][k], 4)));
      net.biases[l].forEach((b, j) => expect(b).toBeCloseTo(expected.biases[l][j], 4));
    }
  });

  test('no dropout at inference: run is deterministic and equals the JSON copy and toFunction', () => {
    const net = seededNet([4, 8, 8, 2], 'relu', 2, 0.5);
    train(net, randomSamples(16, 4, 2), { optimizer: { type: 'adam', learningRate: 0.01 }, dropout: 0.5, inputDropout: 0.2, dropoutMode: mode, batchSize: 4, iterations: 5 });
    const copy = cloneNet(net);
    const compiled = net.toFunction();
    for (const { input } of randomSamples(5, 4, 2, 3)) {
      const output = Array.from(net.run(input));
      expect(Array.from(net.run(input))).toEqual(output);
      expect(Array.from(copy.run(input))).toEqual(output);
      (compiled(input) as number[]).forEach((v, j) => expect(v).toBeCloseTo(output[j], 5));
    }
  });

  test('a frozen layer after a dropout layer keeps its weights bit for bit', () => {
    const net = seededNet([4, 6, 5, 2], 'tanh', 5);
    const before = cloneNet(net);
    train(net, randomSamples(8, 4, 2), { optimizer: { type: 'sgd', learningRate: 0.2 }, dropout: 0.3, dropoutMode: mode, frozenLayers: [2], iterations: 3 });
    expect(net.weights[2].map((row) => Array.from(row))).toEqual(before.weights[2].map((row) => Array.from(row)));
    expect(net.weights[3].map((row) => Array.from(row))).not.toEqual(before.weights[3].map((row) => Array.from(row)));
  });
});

test('classic dropout with learning rate 0 changes the weights only by float32 rounding of the ÷(1 − rate), ×(1 − rate) round trip', () => {
  const net = seededNet([4, 6, 2]);
  const before = cloneNet(net);
  train(net, randomSamples(4, 4, 2), { optimizer: { type: 'sgd', learningRate: 0 }, dropout: RATE, dropoutMode: 'classic', iterations: 2 });
  net.weights[2].forEach((row, j) => row.forEach((w, k) => expect(Math.abs(w - before.weights[2][j][k])).toBeLessThanOrEqual(Math.abs(w) * 2 ** -22)));
  expect(net.weights[1].map((row) => Array.from(row))).toEqual(before.weights[1].map((row) => Array.from(row)));
});

test.each(['inverted', 'classic'] as const)('with %s dropout, errorThresh stops on the error at inference, which brain.js’s test reports', (dropoutMode) => {
  const xor = [
    { input: [0, 0], output: [0] },
    { input: [0, 1], output: [1] },
    { input: [1, 0], output: [1] },
    { input: [1, 1], output: [0] },
  ];
  const net = new NeuralNetwork<number[], number[]>({ hiddenLayers: [8] });
  const seen: number[] = [];
  const status = train(net, xor, { dropout: 0.5, dropoutMode, errorThresh: 0.01, seed: 2, progress: ({ error }) => void seen.push(error) });
  expect(status.stopReason).toBe('errorThresh');
  expect(status.iterations).toBeLessThan(20000);
  expect(status.error).toBeLessThanOrEqual(0.01);
  expect(seen[seen.length - 1]).toBe(status.error);
  expect(status.error).toBeCloseTo((net.test(xor) as { error: number }).error, 7);
});
