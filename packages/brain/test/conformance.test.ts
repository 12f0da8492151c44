import { runOptimizerCase, coreTarget, type OptimizerCase } from '@descent/conformance';
import { describeConformance, vectorFiles } from '@descent/conformance/jest';
import { Random } from '@descent/core';
import { createTarget } from '../src/conformance';

describeConformance(() => createTarget('brain'));

describe('recurrent nets: trajectories recorded from torch (LSTMCell, autograd on brain.js\'s GRU)', () => {
  describeConformance(() => createTarget('brain'), 'descent-conformance/1', vectorFiles('descent-conformance/1', 'nets'));
});

/** A case whose tensors do not read as dense layers, with its trajectory from the core's float64 reference. */
async function referenceCase(id: string, optimizer: Record<string, unknown>, extra: Partial<OptimizerCase> = {}): Promise<OptimizerCase> {
  const random = new Random(3);
  const tensor = (shape: number[]) => ({ shape, values: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.uniform(-1, 1)) });
  const params = [tensor([2, 3]), tensor([5]), tensor([3])];
  const grads = Array.from({ length: 6 }, () => params.map((p) => tensor(p.shape).values));
  const draft: OptimizerCase = { id, optimizer, params, grads, expected: [], ...extra };
  const run = await coreTarget('reference').runOptimizerCase?.(draft);
  return { ...draft, expected: run?.params as number[][][], expectedAverage: run?.average as number[][] | undefined, expectedLearningRates: run?.learningRates };
}

describe('tensors that are not dense layers: each becomes the weights of its own layer', () => {
  test.each([
    ['adam with clipping and a schedule', { type: 'adam', learningRate: 0.05 }, { transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }], schedule: { type: 'step', stepSize: 2, gamma: 0.5 } }],
    ['sgd with momentum, l1 and polyak averaging', { type: 'sgd', learningRate: 0.1, momentum: 0.9 }, { transforms: [{ type: 'l1', strength: 0.01 }], average: { type: 'polyak' } }],
  ])('%s', async (id, optimizer, extra) => {
    const c = await referenceCase(id, optimizer, extra as Partial<OptimizerCase>);
    const result = await runOptimizerCase(createTarget('brain'), c);
    expect(result).toEqual({ file: '', id, passed: true });
  });
});

test('lbfgs needs an objective: an open-loop lbfgs case fails naming lbfgs', async () => {
  const c = await referenceCase('sgd', { type: 'sgd' });
  const result = await runOptimizerCase(createTarget('brain'), { ...c, optimizer: { type: 'lbfgs' } });
  expect(result.passed).toBe(false);
  expect(result.message).toMatch(/lbfgs/);
});

test('only the "brain" target is provided here', () => {
  expect(() => createTarget('tfjs')).toThrow(/"brain"/);
});
