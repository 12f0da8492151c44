import { Random, dropoutMask } from '@descent/core';
import { layerArrays, type Activation, type BrainNet } from '../src/network';
import { NetParameters, weightsName } from '../src/parameters';
import { Propagation } from '../src/propagation';
import { finiteDifferences, maskedLoss, meanLoss, randomSamples, seededNet } from './helpers';

const SIZES = [5, 6, 4, 3];
const ACTIVATIONS: Activation[] = ['sigmoid', 'relu', 'leaky-relu', 'tanh'];

/** The trainer's gradient of the mean loss over samples, with the given masks (null: no dropout). */
function trainerGradients(net: BrainNet, activation: Activation, masks: (Float32Array | null)[], samples: { input: number[]; output: number[] }[]): Map<string, Float32Array> {
  const parameters = new NetParameters(layerArrays(net), () => true);
  const rates = masks.map((m) => (m === null ? 0 : 0.5));
  const propagation = new Propagation(parameters, activation, net.trainOpts.leakyReluAlpha, rates);
  masks.forEach((mask, l) => mask !== null && propagation.masks[l]?.set(mask));
  parameters.zeroGradients();
  for (const s of samples) {
    propagation.forward(s.input, true);
    propagation.backward(s.output, 1 / samples.length);
  }
  return new Map(parameters.tensors.map((t, i) => [t.name, parameters.gradients[i]]));
}

/** The smallest |pre-activation| of a (leaky) relu net over the samples, so its kinks stay farther than h. */
function nearestKink(net: BrainNet, samples: { input: number[] }[]): number {
  const alpha = net.trainOpts.activation === 'relu' ? 0 : net.trainOpts.leakyReluAlpha;
  let nearest = Infinity;
  for (const s of samples) {
    let x = s.input;
    for (let l = 1; l <= net.outputLayer; l++) {
      const z = net.weights[l].map((row, j) => row.reduce((sum, w, k) => sum + w * x[k], net.biases[l][j]));
      nearest = Math.min(nearest, ...z.map(Math.abs));
      x = z.map((v) => Math.max(v, alpha * v));
    }
  }
  return nearest;
}

/** The activation and its derivative (from the output), for the float64 reference. */
const REFERENCE: Record<Activation, { f: (z: number, a: number) => number; slope: (y: number, a: number) => number }> = {
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), slope: (y) => y * (1 - y) },
  relu: { f: (z) => Math.max(z, 0), slope: (y) => (y > 0 ? 1 : 0) },
  'leaky-relu': { f: (z, a) => Math.max(z, a * z), slope: (y, a) => (y > 0 ? 1 : a) },
  tanh: { f: Math.tanh, slope: (y) => 1 - y * y },
};

/**
 * The gradient of the mean over samples of ½·Σ(output − target)², masks on the inputs and
 * hidden layers' outputs, by plain backpropagation in float64 over brain.js's arrays.
 */
function referenceGradients(net: BrainNet, activation: Activation, masks: (Float32Array | null)[], samples: { input: number[]; output: number[] }[]): Map<string, Float64Array> {
  const { f, slope } = REFERENCE[activation];
  const alpha = net.trainOpts.leakyReluAlpha;
  const L = net.outputLayer;
  const gradients = new Map<string, Float64Array>();
  for (let l = 1; l <= L; l++) {
    gradients.set(`weights/${l}`, new Float64Array(net.sizes[l] * net.sizes[l - 1]));
    gradients.set(`biases/${l}`, new Float64Array(net.sizes[l]));
  }
  for (const { input, output: target } of samples) {
    const outputs: number[][] = [input];
    const inputs: number[][] = [input.map((v, k) => v * (masks[0]?.[k] ?? 1))];
    for (let l = 1; l <= L; l++) {
      const y = net.weights[l].map((row, j) => f(row.reduce((sum, w, k) => sum + w * inputs[l - 1][k], net.biases[l][j]), alpha));
      outputs.push(y);
      inputs.push(y.map((v, j) => v * (l < L ? (masks[l]?.[j] ?? 1) : 1)));
    }
    let deltas = outputs[L].map((y, j) => (y - target[j]) * slope(y, alpha));
    for (let l = L; l >= 1; l--) {
      const gw = gradients.get(`weights/${l}`) as Float64Array;
      const gb = gradients.get(`biases/${l}`) as Float64Array;
      const n = net.sizes[l - 1];
      deltas.forEach((d, j) => {
        gb[j] += d / samples.length;
        for (let k = 0; k < n; k++) gw[j * n + k] += (d * inputs[l - 1][k]) / samples.length;
      });
      deltas = Array.from({ length: n }, (_, k) => deltas.reduce((sum, d, j) => sum + net.weights[l][j][k] * d, 0) * (masks[l - 1]?.[k] ?? 1) * slope(outputs[l - 1][k], alpha));
    }
  }
  return gradients;
}

function expectClose(got: Map<string, Float32Array>, expected: Map<string, Float64Array>): void {
  expect([...got.keys()]).toEqual([...expected.keys()]);
  let largest = 0;
  for (const [name, values] of expected) {
    const actual = got.get(name) as Float32Array;
    values.forEach((e, i) => {
      largest = Math.max(largest, Math.abs(e));
      expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(2e-5 + 1e-3 * Math.abs(e));
    });
  }
  expect(largest).toBeGreaterThan(1e-3);
}

function fixedMasks(rates: number[], mode: 'inverted' | 'classic', seed: number): (Float32Array | null)[] {
  const random = new Random(seed);
  return rates.map((rate, l) => {
    if (rate === 0) return null;
    const mask = new Float32Array(SIZES[l]);
    dropoutMask(random, rate, mask, mode);
    return mask;
  });
}

describe.each(ACTIVATIONS)('%s: the trainer’s gradient equals finite differences of brain.js’s own loss', (activation) => {
  const samples = randomSamples(3, SIZES[0], SIZES[SIZES.length - 1]);
  const scale = activation === 'sigmoid' ? 1 : 0.6;

  test('without dropout, mean over a batch of 3', () => {
    const net = seededNet(SIZES, activation, 11, scale);
    if (activation === 'relu' || activation === 'leaky-relu') expect(nearestKink(net, samples)).toBeGreaterThan(1e-2);
    const expected = finiteDifferences(net, () => meanLoss(net, samples), 1e-3);
    expectClose(trainerGradients(net, activation, [null, null, null], samples), expected);
  });

  test.each(['inverted', 'classic'] as const)('with %s dropout masks held fixed on the inputs and both hidden layers', (mode) => {
    const net = seededNet(SIZES, activation, 12, scale);
    const masks = fixedMasks([0.3, 0.5, 0.5], mode, 2);
    expect(masks.every((m) => m !== null && m.some((v) => v === 0) && m.some((v) => v !== 0))).toBe(true);
    const expected = finiteDifferences(net, () => maskedLoss(net, masks, samples), 1e-3);
    const got = trainerGradients(net, activation, masks, samples);
    expectClose(got, expected);
    // A dropped input unit contributes nothing: its column of weights/1 has zero gradient.
    const dropped = (masks[0] as Float32Array).indexOf(0);
    const column = Array.from({ length: SIZES[1] }, (_, j) => (got.get(weightsName(1)) as Float32Array)[j * SIZES[0] + dropped]);
    expect(column.every((g) => g === 0)).toBe(true);
  });

  test('with mostly-zero inputs and heavy dropout (the loops that visit live units only, on layers wide enough to list them)', () => {
    const sizes = [48, 40, 32, 3];
    const net = seededNet(sizes, activation, 13, scale);
    const sparse = randomSamples(3, 48, 3, 21).map((s) => ({ ...s, input: s.input.map((v, k) => (k % 4 === 0 ? v : 0)) }));
    const random = new Random(3);
    const masks = [0, 0.75, 0.75].map((rate, l) => {
      if (rate === 0) return null;
      const mask = new Float32Array(sizes[l]);
      dropoutMask(random, rate, mask);
      return mask;
    });
    expect(masks.slice(1).every((m) => m !== null && m.filter((v) => v !== 0).length < m.length / 2 && m.some((v) => v !== 0))).toBe(true);
    // The net is too wide to difference every weight quickly: backpropagation written out in float64 is the reference.
    expectClose(trainerGradients(net, activation, masks, sparse), referenceGradients(net, activation, masks, sparse));
  });
});

test('the trainer’s deltas are brain.js’s own, negated: one sample backpropagated by brain.js gives the same gradient', () => {
  for (const activation of ACTIVATIONS) {
    const net = seededNet(SIZES, activation, 3, 0.6);
    const [sample] = randomSamples(1, SIZES[0], SIZES[SIZES.length - 1], 9);
    const got = trainerGradients(net, activation, [null, null, null], [sample]);
    net.runInput(Float32Array.from(sample.input));
    net.calculateDeltas(Float32Array.from(sample.output));
    for (let l = 1; l <= net.outputLayer; l++) {
      const biasGradient = got.get(`biases/${l}`) as Float32Array;
      net.deltas[l].forEach((delta, j) => expect(biasGradient[j]).toBeCloseTo(-delta, 6));
    }
  }
});

describe('a listed layer (32 units or more) reads every non-zero unit and backpropagates every unit with a slope', () => {
  /** A 2-40-1 net whose hidden units 10 … 39 saturate (sigmoid and tanh: output ±1 exactly, slope 0) and whose unit 0 is 0 (tanh: slope 1). */
  const saturatedNet = (activation: Activation) => {
    const net = seededNet([2, 40, 1], activation, 6, 0.5);
    for (let j = 10; j < 40; j++) {
      net.weights[1][j].fill(0);
      net.biases[1][j] = 60;
    }
    net.weights[1][0].fill(0);
    net.biases[1][0] = 0;
    return net;
  };
  test.each(['sigmoid', 'tanh'] as const)('%s: outputs are brain.js’s, gradients the float64 reference’s', (activation) => {
    const net = saturatedNet(activation);
    const samples = [{ input: [0.3, -0.7], output: [0.2] }];
    const parameters = new NetParameters(layerArrays(net), () => true);
    const propagation = new Propagation(parameters, activation, 0);
    expect(propagation.forward(samples[0].input, false)[0]).toBeCloseTo(net.run(samples[0].input)[0], 6);
    expect(propagation.outputs[1][20]).toBe(1);
    const got = trainerGradients(net, activation, [null, null], samples);
    expectClose(got, referenceGradients(net, activation, [null, null], samples));
    if (activation === 'tanh') expect((got.get('biases/1') as Float32Array)[0]).not.toBe(0);
  });
});
