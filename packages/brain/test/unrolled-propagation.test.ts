import { layerArrays, type Activation } from '../src/network';
import { NetParameters, weightsName, biasesName } from '../src/parameters';
import { Propagation } from '../src/propagation';
import { unrolledPropagation, UNROLLED_UP_TO } from '../src/unrolled-propagation';
import { randomSamples, seededNet } from './helpers';

const ACTIVATIONS: Activation[] = ['sigmoid', 'relu', 'leaky-relu', 'tanh'];

/** What `run` returns as on a page whose content security policy forbids `new Function`. */
function whereFunctionIsForbidden<T>(run: () => T): T {
  const saved = globalThis.Function;
  globalThis.Function = function forbidden() {
    throw new EvalError('new Function is forbidden here');
  } as unknown as FunctionConstructor;
  try {
    return run();
  } finally {
    globalThis.Function = saved;
  }
}
const SHAPES = [
  [2, 3, 1],
  [3, 1],
  [5, 6, 4, 3],
  [9, 7, 2],
  [4, 4, 4, 4, 2],
];

/** Gradients and Σ(target − output)² of a batch, by the printed pass (`trainSample`) or by Propagation's loops (`forward` then `backward`). */
function batchGradients(sizes: number[], activation: Activation, frozen: string[], how: 'printed' | 'loops', seed = 4): { gradient: number[]; squared: number[]; printed: boolean } {
  const net = seededNet(sizes, activation, seed, 0.9);
  const parameters = new NetParameters(layerArrays(net), (name) => !frozen.includes(name));
  const propagation = new Propagation(parameters, activation, net.trainOpts.leakyReluAlpha);
  const samples = randomSamples(8, sizes[0], sizes[sizes.length - 1], 8).map(({ input, output }) => ({ input: input.map((v) => 2 * v - 1), output }));
  parameters.zeroGradients();
  const squared = samples.map(({ input, output }) => {
    if (how === 'printed') return propagation.trainSample(input, output, 1 / 8);
    propagation.forward(input, true);
    return propagation.backward(output, 1 / 8);
  });
  return { gradient: Array.from(parameters.gradient), squared, printed: propagation.printed };
}

describe.each(ACTIVATIONS)('%s: the printed pass of a small net is Propagation’s loops, bit for bit', (activation) => {
  test.each(SHAPES)('net %p', (...sizes) => {
    const printed = batchGradients(sizes, activation, [], 'printed');
    const loops = batchGradients(sizes, activation, [], 'loops');
    expect(printed.printed).toBe(true);
    expect(printed.gradient).toEqual(loops.gradient);
    expect(printed.squared).toEqual(loops.squared);
    expect(printed.gradient.some((g) => g !== 0)).toBe(true);
  });

  test('with frozen tensors: their gradients are not written and backpropagation stops below the lowest trained layer', () => {
    const sizes = [4, 5, 4, 2];
    for (const frozen of [[weightsName(1), biasesName(1)], [weightsName(2)], [biasesName(3)], [weightsName(1), biasesName(1), weightsName(2), biasesName(2)]]) {
      const printed = batchGradients(sizes, activation, frozen, 'printed');
      expect(printed.printed).toBe(true);
      expect(printed.gradient).toEqual(batchGradients(sizes, activation, frozen, 'loops').gradient);
    }
  });
});

test('relu’s dead units (deltas of 0, which both skip) leave the same zero gradients', () => {
  for (const [sizes, seed] of [[[5, 6, 4, 3], 1], [[9, 7, 2], 2], [[2, 3, 1], 15]] as const) {
    const printed = batchGradients([...sizes], 'relu', [], 'printed', seed);
    expect(printed.gradient.some((g) => g === 0) && printed.gradient.some((g) => g !== 0)).toBe(true);
    expect(printed.gradient).toEqual(batchGradients([...sizes], 'relu', [], 'loops', seed).gradient);
  }
});

test('nets past UNROLLED_UP_TO values, and pages that forbid new Function, run the loops', () => {
  const small = seededNet([2, 3, 1]);
  const wide = seededNet([20, 30, 2]);
  expect(20 * 30 + 30 + 30 * 2 + 2).toBeGreaterThan(UNROLLED_UP_TO);
  for (const [net, printed] of [
    [small, true],
    [wide, false],
  ] as const) {
    const parameters = new NetParameters(layerArrays(net), () => true);
    expect(unrolledPropagation(parameters, 'sigmoid', 0) !== null).toBe(printed);
  }
  // Where new Function is forbidden: the loops, with the same gradients.
  const sample = { input: [0.5, -1], output: [1] };
  const gradientOf = (propagation: Propagation, parameters: NetParameters) => {
    parameters.zeroGradients();
    propagation.trainSample(sample.input, sample.output, 1);
    return Array.from(parameters.gradient);
  };
  const parameters = new NetParameters(layerArrays(small), () => true);
  const printedPass = new Propagation(parameters, 'sigmoid', 0);
  expect(whereFunctionIsForbidden(() => unrolledPropagation(parameters, 'sigmoid', 0))).toBeNull();
  const loops = whereFunctionIsForbidden(() => new Propagation(parameters, 'sigmoid', 0));
  expect([printedPass.printed, loops.printed]).toEqual([true, false]);
  expect(gradientOf(loops, parameters)).toEqual(gradientOf(printedPass, parameters));
});

test('a net with dropout or a layer of 32 units or more runs the loops; a wide output layer does not stop the printed pass', () => {
  const printedFor = (sizes: number[], rates: number[] = []) => new Propagation(new NetParameters(layerArrays(seededNet(sizes)), () => true), 'sigmoid', 0, rates).printed;
  expect(printedFor([2, 3, 1], [0, 0.5])).toBe(false);
  expect(printedFor([2, 3, 1], [0.2, 0])).toBe(false);
  expect(printedFor([33, 3, 1])).toBe(false);
  expect(printedFor([2, 40, 1])).toBe(false);
  expect(printedFor([1, 2, 40])).toBe(true);
});
