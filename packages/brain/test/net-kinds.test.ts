import { DescentError } from '@descent/core';
import { AE, CrossValidate, FeedForward, NeuralNetwork, NeuralNetworkGPU, Recurrent, recurrent, layer } from 'brain.js';
import { DescentTrainer, train, trainAsync } from '../src';
import { failure, seededNet } from './helpers';

const XOR = [
  { input: [0, 0], output: [0] },
  { input: [0, 1], output: [1] },
  { input: [1, 0], output: [1] },
  { input: [1, 1], output: [0] },
];

describe('NeuralNetworkGPU (gpu.js falls back to the CPU here)', () => {
  const json = seededNet([2, 5, 1]).toJSON();
  const options = { optimizer: { type: 'adam' as const, learningRate: 0.05 }, activation: 'tanh' as const, iterations: 60, errorThresh: 0, dropout: 0.2 };
  const cpu = new NeuralNetwork<number[], number[]>().fromJSON(json);
  const gpu = new NeuralNetworkGPU<number[], number[]>().fromJSON(json);
  const cpuStatus = train(cpu, XOR, options);
  const gpuStatus = train(gpu, XOR, options);

  test('trains to exactly the weights a NeuralNetwork gets from the same start', () => {
    expect(gpuStatus).toEqual(cpuStatus);
    expect(gpu.toJSON().layers).toEqual(cpu.toJSON().layers);
    expect(gpu.toJSON().trainOpts.activation).toBe('tanh');
  });

  test('its own run (gpu.js kernels, rebuilt for the new activation) computes what the NeuralNetwork computes', () => {
    for (const { input } of XOR) expect(gpu.run(input)[0]).toBeCloseTo(cpu.run(input)[0], 6);
    const copy = new NeuralNetworkGPU<number[], number[]>().fromJSON(gpu.toJSON());
    for (const { input } of XOR) expect(copy.run(input)[0]).toBeCloseTo(cpu.run(input)[0], 6);
  });

  test('an uninitialized NeuralNetworkGPU gets the seeded start an uninitialized NeuralNetwork gets', () => {
    const a = new NeuralNetworkGPU<number[], number[]>({ hiddenLayers: [3] });
    const b = new NeuralNetwork<number[], number[]>({ hiddenLayers: [3] });
    train(a, XOR, { iterations: 5, seed: 4 });
    train(b, XOR, { iterations: 5, seed: 4 });
    expect(a.toJSON().layers).toEqual(b.toJSON().layers);
    expect(a.run([1, 0])[0]).toBeCloseTo(b.run([1, 0])[0], 6);
  });
});

describe('AE: its denoiser trained by descent, its decoder rebuilt from it', () => {
  const data = [
    [0, 0, 1, 1, 0, 0],
    [1, 1, 0, 0, 1, 1],
    [0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0],
  ];
  const reconstruction = (ae: AE<number[], number[]>) => data.reduce((sum, x) => sum + x.reduce((s, v, i) => s + (v - ae.denoise(x)[i]) ** 2, 0), 0) / 24;

  test('train learns to reconstruct the inputs; encode gives the middle layer and decode maps it back', () => {
    const ae = new AE<number[], number[]>({ hiddenLayers: [3] });
    const status = train(ae, data, { optimizer: { type: 'adam', learningRate: 0.02 }, iterations: 3000, errorThresh: 0.005, seed: 1 });
    expect(status.stopReason).toBe('errorThresh');
    expect(reconstruction(ae)).toBeLessThan(0.006); // untrained: about 0.25
    for (const x of data) {
      const code = ae.encode(x);
      expect(code).toHaveLength(3);
      Array.from(ae.decode(code)).forEach((v, i) => expect(v).toBeCloseTo(ae.denoise(x)[i], 5));
    }
  });

  test('trainAsync ends where train ends; bad data is a DescentError before any change', async () => {
    const options = { optimizer: { type: 'adam' as const, learningRate: 0.02 }, iterations: 20, seed: 2 };
    const a = new AE<number[], number[]>({ hiddenLayers: [3] });
    const b = new AE<number[], number[]>({ hiddenLayers: [3] });
    expect(await trainAsync(a, data, options)).toEqual(train(b, data, options));
    expect(a.encode(data[1])).toEqual(b.encode(data[1]));
    const before = reconstruction(a);
    expect(failure(() => train(a, [data[0], [0, 1, NaN, 0, 0, 1]], options)).argument).toBe('data[1].input[2]');
    expect(reconstruction(a)).toBe(before);
  });
});

describe('CrossValidate: brain.js’s folds and statistics, every fold trained by descent', () => {
  const samples = Array.from({ length: 24 }, (_, i) => XOR[i % 4]);
  const create = () => new NeuralNetwork<number[], number[]>({ hiddenLayers: [4] });

  test('k folds of `iterations` epochs each, with descent’s options; toNeuralNetwork gives the best fold’s net', () => {
    const cv = new CrossValidate(create);
    let epochs = 0;
    const stats = train(cv, samples, { optimizer: { type: 'adam', learningRate: 0.05 }, iterations: 150, errorThresh: 0, progress: () => void epochs++ }, 3);
    expect(epochs).toBe(3 * 150);
    expect(stats.sets).toHaveLength(3);
    expect(stats.avgs.iterations).toBe(150);
    expect(stats.stats).toMatchObject({ total: 24, testSize: 8, trainSize: 16 });
    const best = cv.toNeuralNetwork();
    expect(best).toBeInstanceOf(NeuralNetwork);
    expect(cv.initClassifier).toBe(create);
    const lowest = Math.min(...stats.sets.map((set) => set.error));
    expect(stats.sets.find((set) => set.error === lowest)?.network).toEqual(best.toJSON());
  });

  test('bad options and a bad k are DescentErrors before any fold', () => {
    const cv = new CrossValidate(create);
    const json = JSON.stringify(cv.toJSON());
    expect(failure(() => train(cv, samples, { batchSize: 0 })).argument).toBe('options.batchSize');
    expect(failure(() => train(cv, samples, {}, 1)).argument).toBe('k');
    expect(failure(() => train(cv, samples.slice(0, 3), {}, 4)).argument).toBe('data');
    expect(JSON.stringify(cv.toJSON())).toBe(json);
    expect(cv.initClassifier).toBe(create);
  });
});

describe('every other brain.js kind is refused by name, with what to use instead', () => {
  const kinds: [string, () => unknown, RegExp][] = [
    ['brain.recurrent.RNN', () => new recurrent.RNN(), /recurrent nets.*net\.train\(data, options\)/],
    ['brain.recurrent.LSTM', () => new recurrent.LSTM(), /recurrent nets/],
    ['brain.recurrent.GRU', () => new recurrent.GRU(), /recurrent nets/],
    ['brain.recurrent.RNNTimeStep', () => new recurrent.RNNTimeStep(), /recurrent nets/],
    ['brain.recurrent.LSTMTimeStep', () => new recurrent.LSTMTimeStep(), /recurrent nets/],
    ['brain.recurrent.GRUTimeStep', () => new recurrent.GRUTimeStep(), /recurrent nets/],
    ['brain.FeedForward (the layer API)', () => new FeedForward({ inputLayer: () => layer.input({ height: 2 }), hiddenLayers: [], outputLayer: () => layer.input({ height: 1 }) }), /new brain\.NeuralNetwork\(\{ hiddenLayers, activation \}\)/],
    ['brain.Recurrent (the layer API)', () => new Recurrent({ inputLayer: () => layer.input({ height: 2 }), hiddenLayers: [], outputLayer: () => layer.input({ height: 1 }) }), /layer API/],
  ];

  test.each(kinds)('%s', async (name, make, advice) => {
    for (const attempt of [() => train(make() as never, ['hello world'] as never), () => new DescentTrainer(make() as never)]) {
      const error = failure(attempt);
      expect(error.argument).toBe('net');
      expect(error.value).toBe(name);
      expect(error.message).toMatch(advice);
    }
    await expect(trainAsync(make() as never, [] as never)).rejects.toMatchObject({ argument: 'net', value: name });
  });

  test('AE and CrossValidate name the function that takes them; anything else is told what is expected', () => {
    expect(failure(() => new DescentTrainer(new AE() as never)).message).toMatch(/train\(ae, data, options\)/);
    expect(failure(() => new DescentTrainer(new CrossValidate(() => new NeuralNetwork()) as never)).message).toMatch(/train\(cv, data, options, k\)/);
    const error = failure(() => train({ weights: [] } as never, XOR));
    expect(error).toBeInstanceOf(DescentError);
    expect(error.message).toMatch(/^net = \{"weights":\[\]\} is invalid: expected a brain\.js NeuralNetwork or NeuralNetworkGPU/);
  });
});
