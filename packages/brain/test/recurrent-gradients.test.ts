import { Random } from '@descent/core';
import { recurrent } from 'brain.js';
import { initializeRecurrentSeeded, recurrentKind, type RecurrentNet } from '../src/recurrent/net';
import { RecurrentParameters } from '../src/recurrent/parameters';
import { SequencePropagation, type Sequence, type SequenceMasks } from '../src/recurrent/propagation';

/** brain.js's own loss of one sequence, from its own forward pass (its equations): nats of cross-entropy, or ½ squared error. */
function brainLoss(net: RecurrentNet, sequence: Sequence): number {
  if (net instanceof recurrent.RNNTimeStep) {
    const vectors = sequence as Float32Array[];
    while (net.model.equations.length < vectors.length) net.bindEquation();
    let loss = 0;
    for (let t = 0; t + 1 < vectors.length; t++) {
      const out = net.model.equations[t].runInput(vectors[t]).weights;
      for (let k = 0; k < out.length; k++) loss += 0.5 * (out[k] - vectors[t + 1][k]) ** 2;
    }
    return loss;
  }
  const tokens = sequence as number[];
  const perplexity = net.trainInput(tokens);
  return Math.log2(100 * perplexity) * (tokens.length - 1) * Math.LN2;
}

function propagationFor(net: RecurrentNet): { parameters: RecurrentParameters; propagation: SequencePropagation } {
  const kind = recurrentKind(net);
  const parameters = new RecurrentParameters(net);
  const { inputSize, outputSize, hiddenLayers } = net.options;
  return { parameters, propagation: new SequencePropagation(kind, parameters.slots, hiddenLayers, inputSize, kind.timeStep ? outputSize : outputSize + 1) };
}

/** Central differences of brain.js's loss on a few entries of every matrix, against the propagation's gradient. */
function expectGradientsMatch(net: RecurrentNet, sequence: Sequence, masks?: SequenceMasks): void {
  const { parameters, propagation } = propagationFor(net);
  parameters.zeroGradients();
  const { loss } = propagation.train(sequence, 1, masks);
  if (masks === undefined) expect(loss).toBeCloseTo(brainLoss(net, sequence), 4);
  const random = new Random(9);
  let checked = 0;
  parameters.tensors.forEach((tensor, i) => {
    const gradient = parameters.gradientSums[i];
    for (let n = 0; n < 4; n++) {
      const index = Math.floor(random.uniform(0, tensor.values.length));
      const saved = tensor.values[index];
      const h = 1e-2;
      tensor.values[index] = saved + h;
      const plus = tensor.values[index];
      const up = brainLoss(net, sequence);
      tensor.values[index] = saved - h;
      const minus = tensor.values[index];
      const down = brainLoss(net, sequence);
      tensor.values[index] = saved;
      const numeric = (up - down) / (plus - minus);
      expect(Math.abs(gradient[index] - numeric)).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
      checked++;
    }
  });
  expect(checked).toBeGreaterThan(10);
}

/** A seeded net of a kind, with larger weights than brain.js's so gradients are far from zero, and nonzero biases. */
function seeded<T extends RecurrentNet>(net: T, seed = 3): T {
  initializeRecurrentSeeded(net, new Random(seed));
  const random = new Random(seed + 1);
  for (const matrix of net.model.allMatrices) for (let i = 0; i < matrix.weights.length; i++) matrix.weights[i] = random.uniform(-0.6, 0.6);
  return net;
}

const tokenKinds = [
  ['RNN', () => new recurrent.RNN({ inputSize: 4, inputRange: 4, outputSize: 4, hiddenLayers: [5, 3] })],
  ['LSTM', () => new recurrent.LSTM({ inputSize: 4, inputRange: 4, outputSize: 4, hiddenLayers: [5, 3] })],
  ['GRU', () => new recurrent.GRU({ inputSize: 4, inputRange: 4, outputSize: 4, hiddenLayers: [5, 3] })],
] as const;

const stepKinds = [
  ['RNNTimeStep', () => new recurrent.RNNTimeStep({ inputSize: 2, outputSize: 2, hiddenLayers: [4, 3] })],
  ['LSTMTimeStep', () => new recurrent.LSTMTimeStep({ inputSize: 2, outputSize: 2, hiddenLayers: [4, 3] })],
  ['GRUTimeStep', () => new recurrent.GRUTimeStep({ inputSize: 2, outputSize: 2, hiddenLayers: [4, 3] })],
] as const;

describe.each(tokenKinds)('%s: backpropagation through time', (_, make) => {
  test('the loss is brain.js\'s and the gradient matches finite differences of it', () => {
    expectGradientsMatch(seeded(make()), [0, 2, 1, 3, 3, 0]);
  });
});

describe.each(stepKinds)('%s: backpropagation through time', (_, make) => {
  test('the loss is brain.js\'s and the gradient matches finite differences of it', () => {
    const sequence = [
      [0.1, 0.9],
      [0.5, -0.3],
      [-0.7, 0.2],
      [0.4, 0.4],
    ].map((v) => Float32Array.from(v));
    expectGradientsMatch(seeded(make()), sequence);
  });
});

describe('with variational dropout masks (one per sequence, the same at every step)', () => {
  /** A mask of 0 and 1/(1 − rate) entries. */
  const mask = (size: number, random: Random, rate = 0.3) => Float64Array.from({ length: size }, () => (random.uniform(0, 1) < rate ? 0 : 1 / (1 - rate)));

  test.each([...tokenKinds, ...stepKinds])('%s: the gradient matches finite differences of the masked loss', (_, make) => {
    const net = seeded(make());
    const { parameters, propagation } = propagationFor(net);
    const random = new Random(11);
    const { inputSize, hiddenLayers } = net.options;
    const masks: SequenceMasks = { input: mask(inputSize, random), up: hiddenLayers.map((size) => mask(size, random)), recurrent: hiddenLayers.map((size) => mask(size, random)) };
    const sequence: Sequence = net instanceof recurrent.RNNTimeStep ? [0.3, -0.2, 0.8, 0.1].map((v) => Float32Array.from([v, -v])) : [1, 3, 0, 2];
    const lossAt = () => propagation.train(sequence, 0, masks).loss;
    parameters.zeroGradients();
    propagation.train(sequence, 1, masks);
    const gradients = parameters.gradientSums.map((g) => g.slice());
    let nonzero = 0;
    parameters.tensors.forEach((tensor, i) => {
      for (let index = 0; index < tensor.values.length; index++) {
        const saved = tensor.values[index];
        tensor.values[index] = saved + 1e-2;
        const plus = tensor.values[index];
        const up = lossAt();
        tensor.values[index] = saved - 1e-2;
        const minus = tensor.values[index];
        const down = lossAt();
        tensor.values[index] = saved;
        const numeric = (up - down) / (plus - minus);
        expect(Math.abs(gradients[i][index] - numeric)).toBeLessThan(1e-3 + 1e-2 * Math.abs(numeric));
        if (Math.abs(numeric) > 1e-3) nonzero++;
      }
    });
    expect(nonzero).toBeGreaterThan(10);
  });
});
