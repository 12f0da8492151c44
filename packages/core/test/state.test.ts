import { createOptimizer, createReferenceOptimizer, createLbfgs, rosenbrock, rules, type AnyRuleDefinition, type OptimizerConfig } from '../src';
import { numbers, RULE_CASES, tensors } from './cases';

const SHAPES = [[3, 4], [4], [2, 1, 3]];

function bytes(values: Float32Array | Float64Array): number[] {
  return Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

function runResumed(config: OptimizerConfig, precision: 'float32' | 'float64', total: number, resumeAt: number) {
  const create = precision === 'float32' ? createOptimizer : createReferenceOptimizer;
  const make = precision === 'float32' ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n);
  const gradients = numbers(11);
  const gradientSteps = Array.from({ length: total }, () => tensors(make, SHAPES, gradients).map((t) => t.values));
  const straight = tensors(make, SHAPES, numbers(3));
  const resumed = tensors(make, SHAPES, numbers(3));
  const a = create(config as never);
  let b = create(config as never);
  for (let s = 0; s < total; s++) {
    a.step(straight as never, gradientSteps[s] as never);
    if (s === resumeAt) {
      const saved = JSON.parse(JSON.stringify(b.exportState()));
      b = create(config as never);
      b.importState(saved);
    }
    b.step(resumed as never, gradientSteps[s] as never);
    if (s % 3 === 2) {
      a.reportMetric(s % 2);
      b.reportMetric(s % 2);
    }
  }
  return { a, b, straight, resumed };
}

describe.each(RULE_CASES)('%s: a run resumed from exported JSON state is bit-identical', (_name, rule) => {
  test.each(['float32', 'float64'] as const)('%s', (precision) => {
    const config: OptimizerConfig = {
      rule,
      schedule: { type: 'sequential', schedules: [{ type: 'linear', totalSteps: 3 }, { type: 'reduceOnPlateau', patience: 1 }], milestones: [3] },
      transforms: [{ type: 'accumulate', steps: 2 }, { type: 'clipByGlobalNorm', maxNorm: 0.5 }, { type: 'l2', strength: 0.01 }],
    };
    // Rules with their own evaluation point (asgd, schedule-free) take no average config; theirs is compared.
    const definition: AnyRuleDefinition = rules[rule.type];
    if (definition.evaluationPoint === undefined) config.average = { type: 'ema', decay: 0.9 };
    const { a, b, straight, resumed } = runResumed(config, precision, 13, 6);
    straight.forEach((t, i) => expect(bytes(resumed[i].values)).toEqual(bytes(t.values)));
    straight.forEach((t, i) => expect(bytes(b.averageOf(t.name, resumed[i].values as never) as Float32Array)).toEqual(bytes(a.averageOf(t.name, t.values as never) as Float32Array)));
    expect(b.exportState()).toEqual(a.exportState());
  });
});

test('state survives signed zeros and the polyak counter exactly', () => {
  const config: OptimizerConfig = { rule: { type: 'sgd', learningRate: 0.1, momentum: 0.5 }, average: { type: 'polyak' } };
  const { straight, resumed, a, b } = runResumed(config, 'float32', 9, 4);
  straight.forEach((t, i) => expect(bytes(resumed[i].values)).toEqual(bytes(t.values)));
  expect(b.exportState().tensors.t0.averaged).toBe(9);
  expect(a.exportState().tensors.t0.averaged).toBe(9);
});

test('importState rejects a state of another rule or precision, and malformed arrays, changing nothing', () => {
  const adam = createOptimizer({ rule: { type: 'adam' } });
  const p = { name: 'w', values: new Float32Array([1, 2]) };
  adam.step([p], [new Float32Array([0.1, 0.2])]);
  const good = adam.exportState();
  const before = JSON.stringify(good);
  const sgd = createOptimizer({ rule: { type: 'sgd' } });
  expect(() => sgd.importState(good)).toThrow(/state\.rule\.type = "adam".*"sgd"/);
  expect(() => createReferenceOptimizer({ rule: { type: 'adam' } }).importState(good)).toThrow(/state\.precision = "float32"/);
  const broken = JSON.parse(before);
  broken.tensors.w.slots.m.base64 = 'not base64!';
  expect(() => adam.importState(broken)).toThrow(/state\.tensors\["w"\]\.slots\.m/);
  const missing = JSON.parse(before);
  delete missing.tensors.w.slots.v;
  expect(() => adam.importState(missing)).toThrow(/slots\.v/);
  expect(JSON.stringify(adam.exportState())).toBe(before);
});

test('hyperparameters changed between steps are part of the exported state', () => {
  const a = createOptimizer({ rule: { type: 'adam', learningRate: 0.1 } });
  a.setHyperparameters({ learningRate: 0.02, beta1: 0.5 });
  const b = createOptimizer({ rule: { type: 'adam', learningRate: 0.1 } });
  b.importState(JSON.parse(JSON.stringify(a.exportState())));
  expect(b.hyperparameters).toMatchObject({ learningRate: 0.02, beta1: 0.5 });
  expect(b.learningRate).toBe(0.02);
});

test('L-BFGS resumed from exported state is bit-identical', () => {
  const objective = rosenbrock({}, 4);
  const run = (resumeAt: number | null) => {
    let lbfgs = createLbfgs({ type: 'lbfgs', lineSearch: 'strongWolfe', maxIter: 4, historySize: 3 });
    const x = Float64Array.from([-1.2, 1, -0.5, 0.8]);
    const gradient = new Float64Array(4);
    for (let s = 0; s < 6; s++) {
      if (s === resumeAt) {
        const saved = JSON.parse(JSON.stringify(lbfgs.exportState()));
        lbfgs = createLbfgs({ type: 'lbfgs', lineSearch: 'strongWolfe', maxIter: 4, historySize: 3 });
        lbfgs.importState(saved);
      }
      lbfgs.step(x, (at) => ({ loss: objective.evaluate(at, gradient), gradient }));
    }
    return Array.from(x);
  };
  expect(run(3)).toEqual(run(null));
});
