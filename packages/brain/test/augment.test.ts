import { augmentFlat, randomCrop } from '@descent/augment';
import { Random } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import { DescentTrainer, train, type InputAugmentation, type TrainOptions, type TrainerState } from '../src';
import { accuracy, cloneNet, failure, flatWeights, mnistSamples, randomSamples, seededNet, straightAndResumed } from './helpers';

const data = randomSamples(10, 4, 3);

/** Adds uniform noise in [−amount, amount) to every input: an augmentation that uses its generator. */
const jitter =
  (amount: number): InputAugmentation =>
  (input, random) =>
    input.map((v) => v + random.uniform(-amount, amount));

/** The inputs `augment` received, each copied as a plain array, and whether each call got a Random. */
function recording(augment: InputAugmentation): { augment: InputAugmentation; inputs: number[][]; randoms: boolean[] } {
  const inputs: number[][] = [];
  const randoms: boolean[] = [];
  return {
    inputs,
    randoms,
    augment: (input, random) => {
      inputs.push(Array.from(input));
      randoms.push(random instanceof Random);
      return augment(input, random);
    },
  };
}

const key = (values: ArrayLike<number>) => Array.from(values, (v) => Math.fround(v)).join(',');

describe('augment: when it is called and on what', () => {
  test('once per training sample per epoch with a Random, after one check call on the first sample', () => {
    const { augment, inputs, randoms } = recording(jitter(0.05));
    const epochs = 3;
    train(seededNet([4, 6, 3]), data, { augment, iterations: epochs, errorThresh: 0, batchSize: 3, seed: 4 });

    expect(inputs).toHaveLength(1 + data.length * epochs);
    expect(randoms.every(Boolean)).toBe(true);
    expect(key(inputs[0])).toBe(key(data[0].input));
    const stored = data.map((d) => key(d.input)).sort();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const seen = inputs.slice(1 + epoch * data.length, 1 + (epoch + 1) * data.length).map(key);
      expect(seen.sort()).toEqual(stored);
    }
  });

  test('the stored data is untouched, even by a function that writes into its input: every epoch sees the stored inputs', () => {
    const floats = data.map((d) => ({ input: Float32Array.from(d.input), output: d.output }));
    const before = floats.map((d) => key(d.input));
    const { augment, inputs } = recording((input) => input.map((v, i) => (input[i] = v + 1)));
    train(seededNet([4, 6, 3]), floats as never, { augment, iterations: 3 });
    expect(floats.map((d) => key(d.input))).toEqual(before);
    expect(inputs).toHaveLength(1 + 3 * data.length);
    expect(inputs.map(key).every((k) => before.includes(k))).toBe(true);
  });

  test('validation data and net.run see the inputs unaugmented', () => {
    const validation = randomSamples(5, 4, 3, 99);
    const { augment, inputs } = recording((input) => input.map((v) => 1 - v));
    const net = seededNet([4, 6, 3]);
    const status = train(net, data, { augment, iterations: 1, validation: { data: validation, restoreBestWeights: false } });

    const calls = inputs.length;
    const runError = (flip: boolean) =>
      validation.reduce((sum, { input, output }) => {
        const got = net.run(flip ? input.map((v) => 1 - v) : input);
        return sum + output.reduce((s, t, j) => s + (t - got[j]) ** 2, 0);
      }, 0) /
      (validation.length * 3);
    expect(status.validationError).toBeCloseTo(runError(false), 7); // brain.js's run computes in float32
    expect(Math.abs((status.validationError as number) - runError(true))).toBeGreaterThan(1e-4);
    expect(inputs.length).toBe(calls);
    const validationKeys = new Set(validation.map((v) => key(v.input)));
    expect(inputs.some((input) => validationKeys.has(key(input)))).toBe(false);
    expect(Array.from(net.run(validation[0].input))).toEqual(Array.from(cloneNet(net).run(validation[0].input)));
  });

  test('the training error is measured on the augmented inputs', () => {
    const exact = data.map((d) => ({ input: d.input.map(Math.fround), output: d.output }));
    const flipped = recording((input) => input.map((v) => 1 - v));
    const options: TrainOptions<number[], number[]> = { iterations: 1, errorThresh: 0, shuffle: false, batchSize: data.length, optimizer: { type: 'sgd', learningRate: 0 } };
    const plain = train(seededNet([4, 6, 3]), exact, options);
    const augmented = train(seededNet([4, 6, 3]), exact, { ...options, augment: flipped.augment });
    const onFlipped = train(seededNet([4, 6, 3]), exact.map((d) => ({ input: d.input.map((v) => 1 - v), output: d.output })), options);
    expect(augmented.error).toBe(onFlipped.error);
    expect(augmented.error).not.toBe(plain.error);
  });
});

describe('augment: seeds', () => {
  const options: TrainOptions<number[], number[]> = { augment: jitter(0.1), optimizer: { type: 'adam', learningRate: 0.02 }, dropout: 0.3, batchSize: 3, seed: 5, iterations: 4, errorThresh: 0 };

  test('a seeded run is reproducible and differs from the run without augmentation', () => {
    const runs = [options, options, { ...options, augment: undefined }, { ...options, seed: 6 }].map((o) => {
      const net = seededNet([4, 6, 3], 'sigmoid', 3);
      train(net, data, o);
      return flatWeights(net);
    });
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
    expect(runs[3]).not.toEqual(runs[0]);
  });

  test('augmentation draws from its own generator: an identity augment leaves shuffling, dropout and initialization as without it', () => {
    const identity: InputAugmentation = (input, random) => {
      random.nextFloat();
      return input;
    };
    const [withIdentity, without] = [identity, undefined].map((augment) => {
      const net = new NeuralNetwork<number[], number[]>({ hiddenLayers: [5] });
      train(net, data, { ...options, augment });
      return flatWeights(net);
    });
    expect(withIdentity).toEqual(without);
  });

  test("augment's generator is forked from the seed after the other three, so runs without augment keep their draws", () => {
    const root = new Random(options.seed as number);
    const [initialize, shuffle, dropout, augment] = [root.fork(), root.fork(), root.fork(), root.fork()].map((r) => r.getState());
    expect(new DescentTrainer(seededNet([4, 6, 3]), options).exportState().random).toEqual({ initialize, shuffle, dropout, augment });
  });

  test('the check call takes nothing from the training draws: one call of 4 epochs equals 4 calls of 1', () => {
    const once = seededNet([4, 6, 3], 'sigmoid', 2);
    const split = cloneNet(once);
    new DescentTrainer(once, options).train(data);
    const trainer = new DescentTrainer(split, { ...options, iterations: 1 });
    for (let epoch = 0; epoch < 4; epoch++) trainer.train(data);
    expect(flatWeights(split)).toEqual(flatWeights(once));
  });

  test('export/import state mid-training resumes bit-identically with augmentation on', () => {
    const net = seededNet([4, 6, 3], 'sigmoid', 2);
    const { straight, resumed, trainer, state } = straightAndResumed(net, options, data);
    expect(flatWeights(resumed)).toEqual(flatWeights(straight));
    expect(state.random.augment).not.toEqual(new DescentTrainer(cloneNet(net), options).exportState().random.augment);
    const withoutAugment = { ...state, random: { ...state.random, augment: undefined } } as unknown as TrainerState;
    expect(failure(() => trainer.importState(withoutAugment)).argument).toBe('state.random.augment');
  });
});

describe('augment: bad input, a DescentError naming it', () => {
  const bad: [string, InputAugmentation, string][] = [
    ['one value short', (input) => input.subarray(1), 'options.augment(data[0].input).length'],
    ['one value too many', (input) => [...input, 0], 'options.augment(data[0].input).length'],
    ['NaN', (input) => input.map((v, i) => (i === 2 ? NaN : v)), 'options.augment(data[0].input)[2]'],
    ['Infinity', (input) => input.map((v, i) => (i === 0 ? Infinity : v)), 'options.augment(data[0].input)[0]'],
    ['nothing', (() => undefined) as never, 'options.augment(data[0].input)'],
  ];

  test.each(bad)('an output with %s, before any weight changes', (_, augment, argument) => {
    const net = seededNet([4, 6, 3]);
    const json = JSON.stringify(net.toJSON());
    const error = failure(() => train(net, data, { augment, dropout: 0.5, dropoutMode: 'classic', iterations: 2 }));
    expect(error.argument).toBe(argument);
    expect(JSON.stringify(net.toJSON())).toBe(json);

    const uninitialized = new NeuralNetwork<number[], number[]>({ hiddenLayers: [5] });
    expect(failure(() => train(uninitialized, data, { augment })).argument).toBe(argument);
    expect(uninitialized.weights).toEqual([]);
  });

  test('a bad output later in training stops it with the same error; the net stays a plain inference-form net', () => {
    let calls = 0;
    const failsLater: InputAugmentation = (input) => (++calls === 8 ? input.map(() => NaN) : input);
    const net = seededNet([4, 6, 3]);
    const trainer = new DescentTrainer(net, { augment: failsLater, iterations: 3, shuffle: false });
    expect(failure(() => trainer.train(data)).argument).toBe('options.augment(data[6].input)[0]');
    expect(trainer.epochsTrained).toBe(0);
    expect(Array.from(net.run(data[0].input)).every(Number.isFinite)).toBe(true);
  });

  test('augment that is not a function', () => {
    const error = failure(() => new DescentTrainer(seededNet([4, 6, 3]), { augment: 'randomCrop' as never }));
    expect(error.argument).toBe('options.augment');
    expect(error.message).toMatch(/expected a function \(input, random\) => augmented input/);
  });

  test('augment with lbfgs, saying why', () => {
    const net = seededNet([4, 6, 3]);
    const json = JSON.stringify(net.toJSON());
    const error = failure(() => train(net, data, { optimizer: { type: 'lbfgs' }, augment: jitter(0.1) }));
    expect(error.argument).toBe('options.augment');
    expect(error.message).toMatch(/no augment with lbfgs: .*deterministic full-batch loss/);
    expect(JSON.stringify(net.toJSON())).toBe(json);
  });
});

test('@descent/augment: random crops with padding on real MNIST digits train a plain brain.js net', () => {
  const digits = mnistSamples(0, 4);
  const crop = augmentFlat(randomCrop({ size: 28, padding: 2 }), 28, 28);
  let shifted = 0;
  const augment: InputAugmentation = (input, random) => {
    const output = crop(input, random);
    if (output.some((v, i) => v !== input[i])) shifted++;
    return output;
  };
  const options: TrainOptions<number[], number[]> = { optimizer: { type: 'adam', learningRate: 0.01 }, batchSize: 10, iterations: 15, errorThresh: 0, seed: 3 };
  const net = seededNet([784, 32, 10], 'sigmoid', 1);
  const plain = cloneNet(net);
  const errors: number[] = [];
  train(net, digits, { ...options, augment, progress: ({ error }) => void errors.push(error) });
  train(plain, digits, options);
  const direct = seededNet([784, 32, 10], 'sigmoid', 1);
  train(direct, digits, { ...options, augment: crop });

  expect(shifted).toBeGreaterThan(digits.length * 15 * 0.7);
  expect(errors[errors.length - 1]).toBeLessThan(errors[0] * 0.6);
  expect(accuracy(net, digits)).toBeGreaterThan(0.4); // 10 classes: chance is 0.1
  expect(flatWeights(net)).not.toEqual(flatWeights(plain));
  expect(flatWeights(direct)).toEqual(flatWeights(net));
  const json = net.toJSON();
  expect(JSON.stringify(json)).not.toMatch(/augment/);
  const restored = new NeuralNetwork<number[], number[]>().fromJSON(json);
  const run = net.toFunction();
  for (const { input } of digits.slice(0, 5)) {
    const expected = Array.from(net.run(input));
    expect(Array.from(restored.run(input))).toEqual(expected);
    Array.from(run(input) as ArrayLike<number>).forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
  }
});
