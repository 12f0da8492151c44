import { createSchedule, decodeArray, Random } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import { DescentError } from '@descent/core';
import { DescentTrainer, seedWeights, train, trainAsync, type TrainOptions, type TrainingProgress } from '../src';
import { initializeSeeded } from '../src/network';
import { cloneNet, finiteDifferences, flatWeights, meanLoss, randomSamples, seededNet } from './helpers';

const XOR = [
  { input: [0, 0], output: [0] },
  { input: [0, 1], output: [1] },
  { input: [1, 0], output: [1] },
  { input: [1, 1], output: [0] },
];

function expectSolvesXor(net: NeuralNetwork<number[], number[]>): void {
  XOR.forEach(({ input, output }) => expect(Math.abs(net.run(input)[0] - output[0])).toBeLessThan(0.1));
}

describe('the result is a plain brain.js NeuralNetwork', () => {
  const net = new NeuralNetwork<number[], number[]>({ hiddenLayers: [6] });
  const status = train(net, XOR, { optimizer: { type: 'adam', learningRate: 0.05 }, batchSize: 4, activation: 'tanh', iterations: 3000, errorThresh: 0.002, seed: 3 });

  test('training stopped on brain.js’s errorThresh and the net solves XOR', () => {
    expect(status.stopReason).toBe('errorThresh');
    expect(status.error).toBeLessThanOrEqual(0.002);
    expect(status.steps).toBe(status.iterations);
    expectSolvesXor(net);
  });

  test('run, toFunction and a fromJSON copy agree; the activation survived the JSON round trip', () => {
    const json = JSON.parse(JSON.stringify(net.toJSON()));
    expect(json.trainOpts.activation).toBe('tanh');
    const copy = new NeuralNetwork<number[], number[]>().fromJSON(json);
    const compiled = net.toFunction();
    for (const { input } of XOR) {
      const output = net.run(input)[0];
      expect(copy.run(input)[0]).toBe(output);
      expect(compiled(input)[0]).toBeCloseTo(output, 6);
    }
  });

  test('test() reports brain.js’s error, which equals the trainer’s measure at inference', () => {
    const result = net.test(XOR) as { error: number; misclasses: unknown[] };
    expect(result.misclasses).toHaveLength(0);
    const error = XOR.reduce((sum, { input, output }) => sum + (output[0] - net.run(input)[0]) ** 2, 0) / XOR.length;
    expect(result.error).toBeCloseTo(error, 10);
  });

  test('brain.js’s own train continues from the trained weights', () => {
    const copy = cloneNet(net);
    copy.train(XOR, { iterations: 5 });
    expectSolvesXor(copy as NeuralNetwork<number[], number[]>);
  });
});

test('an uninitialized net gets brain.js’s sizes and seeded weights: one seed, one starting point', () => {
  const a = new NeuralNetwork({ hiddenLayers: [5, 4] });
  const b = new NeuralNetwork({ hiddenLayers: [5, 4] });
  const c = new NeuralNetwork({ hiddenLayers: [5, 4] });
  const options = { iterations: 1, seed: 9, optimizer: { type: 'sgd' as const, learningRate: 0 } };
  train(a, XOR, options);
  train(b, XOR, options);
  train(c, XOR, { ...options, seed: 10 });
  expect(a.sizes).toEqual([2, 5, 4, 1]);
  expect(flatWeights(a)).toEqual(flatWeights(b));
  expect(flatWeights(a)).not.toEqual(flatWeights(c));
  expect(flatWeights(a).every((w) => w >= -0.2 && w < 0.2)).toBe(true);
});

test('brain.js’s defaults: one online step equals one step of brain.js’s own train', () => {
  const net = seededNet([4, 5, 3], 'sigmoid', 2);
  const theirs = cloneNet(net);
  const [sample] = randomSamples(1, 4, 3);
  const status = train(net, [sample], { iterations: 1 });
  theirs.train([sample], { iterations: 1 });
  expect(status.steps).toBe(1);
  const ours = flatWeights(net);
  flatWeights(theirs).forEach((w, i) => expect(ours[i]).toBeCloseTo(w, 6));
});

test('brain.js’s Adam does not move biases at step 1 (bias correction from the old moments); ours moves them by ≈ learningRate', () => {
  const make = () => {
    const net = new NeuralNetwork({ inputSize: 3, hiddenLayers: [4], outputSize: 2, praxis: 'adam', learningRate: 0.01 });
    initializeSeeded(net, [3, 4, 2], new Random(5));
    return net;
  };
  const [sample] = randomSamples(1, 3, 2);
  const theirs = make();
  const before = cloneNet(theirs);
  theirs.train([sample], { iterations: 1 });
  const ours = make();
  train(ours, [sample], { iterations: 1 });
  for (const layer of [1, 2]) {
    expect(Array.from(theirs.biases[layer])).toEqual(Array.from(before.biases[layer]));
    ours.biases[layer].forEach((b, j) => expect(Math.abs(b - before.biases[layer][j])).toBeCloseTo(0.01, 4));
    // Weights: both take Adam's first step, lr·sign(gradient).
    ours.weights[layer].forEach((row, j) => row.forEach((w, k) => expect(w).toBeCloseTo(theirs.weights[layer][j][k], 6)));
  }
});

test('L-BFGS (full batch, strong Wolfe) solves XOR in a few steps', () => {
  const net = seededNet([2, 8, 1], 'sigmoid', 4, 1);
  const status = train(net, XOR, { optimizer: { type: 'lbfgs', lineSearch: 'strongWolfe', maxIter: 50 }, iterations: 10, errorThresh: 1e-4 });
  expect(status.stopReason).toBe('errorThresh');
  expect(status.iterations).toBeLessThan(10);
  expectSolvesXor(net as NeuralNetwork<number[], number[]>);
});

test('prodigy at its defaults (no learning rate to tune) solves XOR; its d is one number, grown from d0 = 1e-6', () => {
  const net = new NeuralNetwork<number[], number[]>({ hiddenLayers: [6] });
  const trainer = new DescentTrainer(net, { optimizer: { type: 'prodigy' }, batchSize: 4, activation: 'tanh', iterations: 3000, errorThresh: 0.001, seed: 3 });
  const status = trainer.train(XOR);
  expect(status.stopReason).toBe('errorThresh');
  expectSolvesXor(net);
  const global = (trainer.exportState().update as { global: { d: number; dMax: number } }).global;
  expect(global.d).toBeGreaterThan(1e-3);
  expect(global.d).toBeLessThanOrEqual(global.dMax);
});

test('mini-batches with seeded shuffling: one seed gives one result, another seed another', () => {
  const data = randomSamples(10, 4, 2);
  const run = (seed: number) => {
    const net = seededNet([4, 6, 2], 'relu', 1, 0.5);
    train(net, data, { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, batchSize: 3, dropout: 0.3, seed, iterations: 5 });
    return flatWeights(net);
  };
  expect(run(1)).toEqual(run(1));
  expect(run(1)).not.toEqual(run(2));
});

test('the schedule steps once per optimizer step: progress reports the next step’s learning rate', () => {
  const learningRates: number[] = [];
  const steps: number[] = [];
  const net = seededNet([4, 3, 2]);
  const schedule = { type: 'exponential' as const, gamma: 0.8 };
  train(net, randomSamples(5, 4, 2), {
    optimizer: { type: 'sgd', learningRate: 0.5 },
    schedule,
    batchSize: 2,
    iterations: 4,
    errorThresh: 0,
    progress: (p: TrainingProgress) => {
      learningRates.push(p.learningRate);
      steps.push(p.steps);
    },
  });
  expect(steps).toEqual([3, 6, 9, 12]);
  const expected = createSchedule(schedule);
  learningRates.forEach((lr, i) => expect(lr).toBeCloseTo(expected.valueAt(steps[i], 0.5), 12));
});

test('averaging: with useAverage the net ends with the optimizer’s average', () => {
  const data = randomSamples(6, 4, 2);
  const options = { optimizer: { type: 'adam' as const, learningRate: 0.05 }, average: { type: 'ema' as const, decay: 0.9 }, batchSize: 2, iterations: 3, errorThresh: 0 };
  const raw = seededNet([4, 5, 2]);
  const trainer = new DescentTrainer(raw, { ...options, useAverage: false });
  trainer.train(data);
  const averaged = seededNet([4, 5, 2]);
  train(averaged, data, options);
  const state = trainer.exportState().update as { tensors: Record<string, { average: unknown }> };
  // Adam is element-wise: every trainable value is one tensor, weights/1, biases/1, weights/2, biases/2 in order.
  const expected = Array.from(decodeArray(state.tensors.parameters.average) as Float32Array);
  const layout = (net: typeof raw) => [1, 2].flatMap((l) => [...net.weights[l].flatMap((row) => Array.from(row)), ...Array.from(net.biases[l])]);
  expect(layout(averaged)).toEqual(expected);
  expect(layout(raw)).not.toEqual(expected);
});

test('a rule with its own evaluation point (schedule-free) ends the net at it: x = y/β + (1 − 1/β)·z', () => {
  const data = randomSamples(6, 4, 2);
  const beta = 0.8;
  const options = { optimizer: { type: 'scheduleFreeSgd' as const, learningRate: 0.2, momentum: beta }, batchSize: 2, iterations: 3, errorThresh: 0 };
  const raw = seededNet([4, 5, 2]);
  const trainer = new DescentTrainer(raw, { ...options, useAverage: false });
  trainer.train(data);
  const evaluated = seededNet([4, 5, 2]);
  train(evaluated, data, options);
  const state = trainer.exportState().update as { tensors: Record<string, { slots: Record<string, unknown> }> };
  const z = Array.from(decodeArray(state.tensors.parameters.slots.z) as Float32Array);
  const layout = (net: typeof raw) => [1, 2].flatMap((l) => [...net.weights[l].flatMap((row) => Array.from(row)), ...Array.from(net.biases[l])]);
  const y = layout(raw);
  const x = layout(evaluated);
  expect(x).not.toEqual(y);
  x.forEach((v, i) => expect(v).toBeCloseTo(y[i] / beta + (1 - 1 / beta) * z[i], 5));
});

test('sam: one step from w with the gradient at w + rho·g/‖g‖, against finite differences of brain.js\'s own loss', () => {
  const data = randomSamples(5, 3, 2);
  const rho = 0.3;
  const lr = 0.5;
  const net = seededNet([3, 4, 2], 'tanh', 4, 0.5);
  const byHand = cloneNet(net);
  train(net, data, { optimizer: { type: 'sgd', learningRate: lr }, sam: { rho }, activation: 'tanh', batchSize: 5, shuffle: false, iterations: 1, errorThresh: 0 });
  const arrays = (n: typeof net) => [1, 2].flatMap((l) => [...n.weights[l], n.biases[l]]);
  const gradient = () => [...finiteDifferences(byHand, () => meanLoss(byHand, data), 1e-3).values()].flatMap((g) => Array.from(g));
  const g = gradient();
  const factor = rho / Math.hypot(...g);
  const w = arrays(byHand).flatMap((a) => Array.from(a));
  let k = 0;
  for (const a of arrays(byHand)) for (let i = 0; i < a.length; i++) a[i] += factor * g[k++];
  const ascended = gradient();
  const expected = w.map((v, i) => v - lr * ascended[i]);
  const got = arrays(net).flatMap((a) => Array.from(a));
  got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  // The plain step from w with the gradient at w differs by more than that.
  expect(Math.max(...got.map((v, i) => Math.abs(v - (w[i] - lr * g[i]))))).toBeGreaterThan(1e-3);
});

test('frozen layers keep their weights and biases bit for bit and hold no optimizer state', () => {
  const net = seededNet([4, 6, 5, 2], 'sigmoid', 8);
  const before = cloneNet(net);
  const trainer = new DescentTrainer(net, { optimizer: { type: 'adamw', learningRate: 0.05 }, frozenLayers: [1], dropout: 0.5, dropoutMode: 'classic', iterations: 3 });
  trainer.train(randomSamples(8, 4, 2));
  expect(net.weights[1].map((row) => Array.from(row))).toEqual(before.weights[1].map((row) => Array.from(row)));
  expect(Array.from(net.biases[1])).toEqual(Array.from(before.biases[1]));
  expect(Array.from(net.biases[2])).not.toEqual(Array.from(before.biases[2]));
  const tensors = (trainer.exportState().update as { tensors: Record<string, { length: number }> }).tensors;
  // The trainable values (layers 2 and 3) lie one after another: one tensor, of their length alone.
  expect(Object.keys(tensors)).toEqual(['parameters']);
  expect(tensors.parameters.length).toBe(5 * 6 + 5 + 2 * 5 + 2);
});

describe('an element-wise rule steps every trainable value as one tensor, with the same bits as a tensor per layer', () => {
  /** Trains a copy of one seeded net; a group that matches no tensor makes the optimizer step tensor by tensor. */
  const trained = (options: TrainOptions, perLayer: boolean) => {
    const net = seededNet([5, 7, 4, 3], 'tanh', 11);
    const trainer = new DescentTrainer(net, { activation: 'tanh', iterations: 4, errorThresh: 0, seed: 2, ...options, ...(perLayer ? { groups: [{ names: ['none'] }] } : {}) });
    trainer.train(randomSamples(12, 5, 3, 4));
    return { weights: flatWeights(net), tensors: Object.keys((trainer.exportState().update as { tensors: object }).tensors) };
  };
  test.each<[string, TrainOptions]>([
    ['sgd with momentum, online', {}],
    ['adamw with mini-batches', { optimizer: { type: 'adamw', learningRate: 0.01, weightDecay: 0.1 }, batchSize: 5 }],
    ['nesterov, clipByGlobalNorm and l2, ema average', { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, transforms: [{ type: 'clipByGlobalNorm', maxNorm: 0.05 }, { type: 'l2', strength: 1e-3 }], average: { type: 'ema', decay: 0.9 }, batchSize: 3 }],
    ['lookahead over adam, dropout, a frozen first layer', { optimizer: { type: 'adam', learningRate: 0.02 }, lookahead: { k: 2, alpha: 0.5 }, dropout: 0.3, frozenLayers: [1], batchSize: 4 }],
  ])('%s', (_, options) => {
    const one = trained(options, false);
    const each = trained(options, true);
    expect(one.tensors).toEqual(['parameters']);
    expect(each.tensors.length).toBeGreaterThan(1);
    expect(one.weights).toEqual(each.weights);
  });

  test('rules that read per-tensor sums, groups and non-adjacent trainable layers keep a tensor per layer', () => {
    expect(trained({ optimizer: { type: 'lamb', learningRate: 0.01 } }, false).tensors).toEqual(['weights/1', 'biases/1', 'weights/2', 'biases/2', 'weights/3', 'biases/3']);
    expect(trained({ frozenLayers: [2] }, false).tensors).toEqual(['weights/1', 'biases/1', 'weights/3', 'biases/3']);
  });
});

test('a net reloaded between calls (new arrays) is trained, not the arrays the last call worked on', () => {
  const data = randomSamples(8, 4, 2, 5);
  const options: TrainOptions = { optimizer: { type: 'sgd', learningRate: 0.2, momentum: 0.9 }, iterations: 3, errorThresh: 0, seed: 4 };
  const reloaded = seededNet([4, 5, 2], 'sigmoid', 1);
  const trainer = new DescentTrainer(reloaded, options);
  trainer.train(data);
  const state = JSON.parse(JSON.stringify(trainer.exportState()));
  const other = seededNet([4, 5, 2], 'sigmoid', 2).toJSON();
  reloaded.fromJSON(other);
  trainer.train(data);

  // The same second call on a fresh net and trainer resumed from the state after the first.
  const fresh = new NeuralNetwork<number[], number[]>().fromJSON(other);
  const resumed = new DescentTrainer(fresh, options);
  resumed.importState(state);
  resumed.train(data);
  expect(flatWeights(reloaded)).not.toEqual(flatWeights(new NeuralNetwork<number[], number[]>().fromJSON(other)));
  expect(flatWeights(reloaded)).toEqual(flatWeights(fresh));
});

test('early stopping: stops after `patience` epochs without improvement and ends with the best weights', () => {
  const data = randomSamples(20, 5, 2, 1);
  const validation = randomSamples(10, 5, 2, 2);
  const net = seededNet([5, 16, 2], 'relu', 3, 0.5);
  const errors: number[] = [];
  const status = train(net, data, {
    optimizer: { type: 'sgd', learningRate: 0.2, momentum: 0.9 },
    iterations: 200,
    errorThresh: 0,
    validation: { data: validation, patience: 3 },
    progress: (p: TrainingProgress) => {
      errors.push(p.validationError as number);
    },
  });
  expect(status.stopReason).toBe('earlyStopping');
  const best = Math.min(...errors);
  expect(status.bestValidationError).toBe(best);
  expect(status.bestIteration).toBe(errors.indexOf(best) + 1);
  expect(status.iterations).toBe((status.bestIteration as number) + 3);
  expect((net.test(validation) as { error: number }).error).toBeCloseTo(best, 6);
});

test('brain.js’s log, callback and periods: called on the epochs they name; progress returning false stops', () => {
  const calls: number[] = [];
  const logs: number[] = [];
  const status = train(seededNet([4, 3, 2]), randomSamples(4, 4, 2), {
    iterations: 100,
    errorThresh: 0,
    callback: ({ iterations }) => calls.push(iterations),
    callbackPeriod: 2,
    log: (p: TrainingProgress) => logs.push(p.iterations),
    logPeriod: 3,
    progress: (p: TrainingProgress) => p.iterations < 7,
  });
  expect(status).toMatchObject({ iterations: 7, stopReason: 'progress' });
  expect(calls).toEqual([2, 4, 6]);
  expect(logs).toEqual([3, 6]);
});

test('object data through brain.js’s lookup tables', () => {
  const net = new NeuralNetwork<Record<string, number>, Record<string, number>>({ hiddenLayers: [3] });
  const data = [
    { input: { r: 0.03, g: 0.7, b: 0.5 }, output: { black: 1 } },
    { input: { r: 0.16, g: 0.09, b: 0.2 }, output: { white: 1 } },
    { input: { r: 0.5, g: 0.5, b: 1.0 }, output: { white: 1 } },
  ];
  train(net, data, { optimizer: { type: 'adam', learningRate: 0.05 }, iterations: 500, errorThresh: 0.001 });
  const output = net.run({ r: 1, g: 0.4, b: 0 });
  expect(Object.keys(output).sort()).toEqual(['black', 'white']);
  expect(net.run(data[0].input).black).toBeGreaterThan(0.9);
});

test('seedWeights gives a net the starting point the trainer gives an uninitialized net with the same seed', () => {
  const trained = new NeuralNetwork({ hiddenLayers: [3] });
  train(trained, XOR, { iterations: 1, seed: 5, optimizer: { type: 'sgd', learningRate: 0 } });
  const seeded = new NeuralNetwork({ inputSize: 2, hiddenLayers: [3], outputSize: 1 });
  seedWeights(seeded, 5);
  expect(flatWeights(seeded)).toEqual(flatWeights(trained));
  expect(() => seedWeights(new NeuralNetwork(), 5)).toThrow(/net\.sizes/);
});

test('trainAsync yields to the event loop between epochs and ends where train ends', async () => {
  const data = randomSamples(6, 4, 2);
  const options = { optimizer: { type: 'adam' as const, learningRate: 0.02 }, dropout: 0.3, dropoutMode: 'classic' as const, batchSize: 2, iterations: 4, errorThresh: 0 };
  const sync = seededNet([4, 5, 2]);
  const async = cloneNet(sync);
  const statusSync = new DescentTrainer(sync, options).train(data);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const statusAsync = await new DescentTrainer(async, options).trainAsync(data);
  clearInterval(timer);
  expect(statusAsync).toEqual(statusSync);
  expect(flatWeights(async)).toEqual(flatWeights(sync));
  expect(ticks).toBeGreaterThan(0);
});

test('top-level trainAsync(net, data, options) ends where train ends; bad input rejects before any change', async () => {
  const data = randomSamples(6, 4, 2);
  const options = { optimizer: { type: 'adam' as const, learningRate: 0.02 }, dropout: 0.3, batchSize: 2, iterations: 5, errorThresh: 0 };
  const sync = seededNet([4, 5, 2]);
  const async = cloneNet(sync);
  const untouched = JSON.stringify(async.toJSON());
  await expect(trainAsync(async, data, { ...options, batchSize: 0 })).rejects.toBeInstanceOf(DescentError);
  expect(JSON.stringify(async.toJSON())).toBe(untouched);
  expect(await trainAsync(async, data, options)).toEqual(train(sync, data, options));
  expect(flatWeights(async)).toEqual(flatWeights(sync));
});
