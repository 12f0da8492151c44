import { buildProgram, createOptimizer, createReferenceOptimizer, resolveRule, ruleTypes, rules, type AnyRuleDefinition } from '../src';
import { bowl, numbers, RULE_CASES } from './cases';

describe.each(RULE_CASES)('%s', (_name, rule) => {
  const decaysWithoutGradient = (rule.type === 'adamw' || rule.type === 'lion') && (rule.weightDecay ?? (rule.type === 'adamw' ? 0.01 : 0)) > 0;

  test.each([
    ['fast', createOptimizer],
    ['reference', createReferenceOptimizer],
  ] as const)('a zero gradient (%s engine) changes nothing, unless weight decay is on', (engine, create) => {
    const optimizer = create({ rule } as never);
    const make = engine === 'fast' ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n);
    const values = make(5);
    values.set([0.5, -1.25, 2, 0, -0.75]);
    const before = Array.from(values);
    for (let s = 0; s < 3; s++) optimizer.step([{ name: 'w', values: values as never }], [make(5) as never]);
    const coupledDecay = !decaysWithoutGradient && 'weightDecay' in rule && (rule.weightDecay ?? 0) > 0;
    if (coupledDecay) {
      // The gradient becomes weightDecay·p, so non-zero parameters move toward 0.
      values.forEach((v, i) => expect(Math.abs(v)).toBeLessThan(Math.abs(before[i]) || Infinity));
    } else if (decaysWithoutGradient) {
      // Decoupled decay alone: p·(1 − lr·wd) per step.
      const factor = 1 - (rule.learningRate as number) * (rule.weightDecay ?? 0.01);
      values.forEach((v, i) => expect(v).toBeCloseTo(before[i] * factor ** 3, 6));
    } else {
      expect(Array.from(values)).toEqual(before);
    }
  });

  test('lowers the loss of a convex problem, in both engines', () => {
    for (const create of [createOptimizer, createReferenceOptimizer]) {
      const optimizer = create({ rule } as never);
      const next = numbers(7);
      const isFast = create === createOptimizer;
      const x = isFast ? new Float32Array(40) : new Float64Array(40);
      for (let i = 0; i < x.length; i++) x[i] = next();
      const gradient = isFast ? new Float32Array(40) : new Float64Array(40);
      const initial = bowl(x);
      for (let s = 0; s < 200; s++) {
        bowl(x, gradient);
        optimizer.step([{ name: 'x', values: x as never }], [gradient as never]);
      }
      expect(bowl(x)).toBeLessThan(initial * 0.5);
    }
  });
});

test('every rule type has a case above, and a summary, a doc for every field and a program for its defaults', () => {
  const covered = new Set(RULE_CASES.map(([, rule]) => rule.type));
  for (const type of ruleTypes) {
    expect(covered.has(type)).toBe(true);
    const rule: AnyRuleDefinition = rules[type];
    expect(rule.summary.length).toBeGreaterThan(10);
    for (const field of Object.values(rule.fields)) expect(field.doc?.length).toBeGreaterThan(5);
    const program = buildProgram(rule, resolveRule({ type }).hyperparameters);
    expect(program.instructions.length).toBeGreaterThan(2);
  }
});

test('programs share subexpressions and compose weight decay once, as the rule declares it', () => {
  const plain = buildProgram(rules.adam, resolveRule({ type: 'adam' }).hyperparameters);
  expect(plain.coefficients).not.toContain('weightDecay');
  const coupled = buildProgram(rules.adam, resolveRule({ type: 'adam', weightDecay: 0.1 }).hyperparameters);
  expect(coupled.coefficients).toContain('weightDecay');
  expect(coupled.instructions.length).toBe(plain.instructions.length + 3);
  const decoupled = buildProgram(rules.adamw, resolveRule({ type: 'adamw' }).hyperparameters);
  expect(decoupled.coefficients).toContain('decayFactor');
  // g·g of the second moment is one instruction, not two.
  const squares = plain.instructions.filter((x) => x.op === 'mul' && 'a' in x && x.a === x.b);
  expect(squares).toHaveLength(1);
  expect(plain.key).toBe(buildProgram(rules.adam, resolveRule({ type: 'adam', learningRate: 0.5 }).hyperparameters).key);
  expect(plain.key).not.toBe(buildProgram(rules.adam, resolveRule({ type: 'adam', amsgrad: true }).hyperparameters).key);
});

test('adam without bias correction takes the lecture\'s vanilla step: lr·m/(√v + ε)', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'adam', learningRate: 0.1, biasCorrection: false } });
  const p = new Float64Array([1]);
  optimizer.step([{ name: 'p', values: p }], [new Float64Array([2])]);
  const m = 0.1 * 2;
  const v = 0.001 * 4;
  expect(p[0]).toBeCloseTo(1 - (0.1 * m) / (Math.sqrt(v) + 1e-8), 14);
});

test('adam with bias correction moves every parameter by about lr on the first step', () => {
  const optimizer = createOptimizer({ rule: { type: 'adam', learningRate: 0.01 } });
  const p = new Float32Array([1, -1, 0.5]);
  optimizer.step([{ name: 'p', values: p }], [new Float32Array([3, -0.001, 100])]);
  expect(p[0]).toBeCloseTo(0.99, 6);
  expect(p[1]).toBeCloseTo(-0.99, 4);
  expect(p[2]).toBeCloseTo(0.49, 6);
});

test('sgd with momentum: the buffer starts at the gradient, then ρ·b + (1 − dampening)·g', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'sgd', learningRate: 0.1, momentum: 0.9, dampening: 0.5 } });
  const p = new Float64Array([0]);
  optimizer.step([{ name: 'p', values: p }], [new Float64Array([1])]);
  expect(p[0]).toBeCloseTo(-0.1, 15);
  optimizer.step([{ name: 'p', values: p }], [new Float64Array([1])]);
  expect(p[0]).toBeCloseTo(-0.1 - 0.1 * (0.9 * 1 + 0.5 * 1), 15);
});

test('lion moves each element by exactly lr in the direction of −sign(β1·m + (1 − β1)·g)', () => {
  const optimizer = createOptimizer({ rule: { type: 'lion', learningRate: 0.25 } });
  const p = new Float32Array([0, 0, 0]);
  optimizer.step([{ name: 'p', values: p }], [new Float32Array([3, -0.001, 0])]);
  expect(Array.from(p)).toEqual([-0.25, 0.25, 0]);
});

test('nadam uses the corrected momentum product (torch ≥ 2.0), not torch 1.13\'s double multiplication', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'nadam', learningRate: 1 } });
  const p = new Float64Array([0]);
  for (let s = 0; s < 2; s++) optimizer.step([{ name: 'p', values: p }], [new Float64Array([1])]);
  const state = optimizer.exportState();
  const mu = (t: number) => 0.9 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
  expect(state.tensors.p.scalars.muProduct).toBeCloseTo(mu(1) * mu(2), 15);
});
