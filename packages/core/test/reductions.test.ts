import {
  buildProgram,
  createOptimizer,
  createReferenceOptimizer,
  defineRule,
  DescentError,
  resolveRule,
  scalarInputCount,
  sum,
} from '../src';
import { jsReductionKernel, printJsReduction } from '../src/kernels/js-kernel';
import { numbers } from './cases';

/** A rule whose step is the gradient scaled by the tensor's dot product ⟨p, g⟩ (a per-tensor sum). */
const dotScaled = defineRule({
  type: 'dotScaled',
  summary: 'Test rule: p ← p − lr·⟨p, g⟩·g.',
  fields: { learningRate: { default: 0.1, check: { allowed: 'a number', test: (v): v is number => typeof v === 'number' }, doc: 'Step size.' } },
  slots: () => [],
  coefficients: (_h, { lr }) => ({ lr }),
  update: ({ param, grad, c }) => ({ param: param.sub(c.lr.mul(sum(param.mul(grad))).mul(grad)) }),
});

function programOf(type: string) {
  const { definition, hyperparameters } = resolveRule({ type });
  return buildProgram(definition, hyperparameters);
}

test('a rule without sums has no reduction; lamb sums ‖p‖² and ‖u‖², read by the update as reduced inputs', () => {
  expect(programOf('adam').reduction).toBeNull();
  const lamb = programOf('lamb');
  expect(lamb.reduction?.sums).toHaveLength(2);
  expect(lamb.instructions.filter((x) => x.op === 'reduced').map((x) => (x.op === 'reduced' ? x.index : -1))).toEqual([0, 1]);
  expect(scalarInputCount(lamb)).toBe(lamb.coefficients.length + 2);
  // The summed terms read the state before the step, as the update does, and never another sum.
  expect(lamb.reduction?.instructions.some((x) => x.op === 'reduced')).toBe(false);
  expect(lamb.reduction?.instructions.some((x) => x.op === 'slot')).toBe(true);
});

test('the same sum written twice is summed once', () => {
  const twice = defineRule({
    ...dotScaled,
    update: ({ param, grad, c }) => ({ param: param.sub(c.lr.mul(sum(param.mul(grad))).mul(sum(param.mul(grad))).mul(grad)) }),
  });
  expect(buildProgram(twice, { learningRate: 0.1 }).reduction?.sums).toHaveLength(1);
});

test('a sum inside a sum is refused, naming the rule', () => {
  const nested = defineRule({ ...dotScaled, update: ({ param, grad }) => ({ param: param.sub(sum(grad.mul(sum(param)))) }) });
  expect(() => buildProgram(nested, { learningRate: 0.1 })).toThrow(DescentError);
  expect(() => buildProgram(nested, { learningRate: 0.1 })).toThrow(/dotScaled update/);
});

test('the reduction kernel adds up in float64 over Float32Arrays and puts the sums after the coefficients', () => {
  const program = buildProgram(dotScaled, { learningRate: 0.1 });
  expect(printJsReduction(program, program.reduction!)).toContain('a0 +=');
  const next = numbers(3);
  const p = Float32Array.from({ length: 1001 }, () => next());
  const g = Float32Array.from({ length: 1001 }, () => next() * 1e3);
  let expected = 0;
  for (let i = 0; i < p.length; i++) expected += p[i] * g[i];
  const c = new Float64Array(scalarInputCount(program)).fill(7);
  jsReductionKernel(program)!(p, g, [], c);
  expect(c[0]).toBe(7);
  expect(c[1]).toBe(expected);
});

test.each([
  ['reference', createReferenceOptimizer, (n: number) => new Float64Array(n)],
  ['fast', createOptimizer, (n: number) => new Float32Array(n)],
] as const)('lamb takes Adam’s step times ‖p‖/‖u‖ per tensor (%s engine)', (_, create, make) => {
  const optimizer = create({ rule: { type: 'lamb', learningRate: 0.1 } } as never);
  const p = make(4);
  p.set([3, -4, 0, 0]);
  const g = make(4);
  g.set([1, -2, 0.5, 0]);
  optimizer.step([{ name: 'w', values: p as never }], [g as never]);
  // Step 1: m̂ = g, v̂ = g², u = g/(|g| + 1e-6); ‖p‖ = 5.
  const u = [1, -2, 0.5, 0].map((x) => x / (Math.abs(x) + 1e-6));
  const ratio = 5 / Math.hypot(...u);
  const expected = [3, -4, 0, 0].map((x, i) => x - 0.1 * ratio * u[i]);
  Array.from(p).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
});

test('lars with a zero tensor takes the plain step (trust ratio 1), then the trust-ratio step', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'lars', learningRate: 0.5, momentum: 0 } });
  const p = new Float64Array([0, 0]);
  optimizer.step([{ name: 'b', values: p }], [new Float64Array([0.2, -0.4])]);
  expect(Array.from(p)).toEqual([-0.1, 0.2]);
  optimizer.step([{ name: 'b', values: p }], [new Float64Array([1, 1])]);
  const ratio = (0.001 * Math.hypot(-0.1, 0.2)) / Math.SQRT2;
  expect(p[0]).toBeCloseTo(-0.1 - 0.5 * ratio, 15);
  expect(p[1]).toBeCloseTo(0.2 - 0.5 * ratio, 15);
});

test('bad lamb and lars configs are refused, naming the field', () => {
  expect(() => resolveRule({ type: 'lamb', beta1: 1 })).toThrow(/lamb\.beta1/);
  expect(() => resolveRule({ type: 'lamb', epsilonRoot: -1 })).toThrow(/lamb\.epsilonRoot/);
  expect(() => resolveRule({ type: 'lars', trustCoefficient: -0.1 })).toThrow(/lars\.trustCoefficient/);
  expect(() => resolveRule({ type: 'lars', nesterov: 'yes' })).toThrow(/lars\.nesterov/);
});

test('a rule with sums runs in both engines and resumes bit-identically from exported state', () => {
  for (const create of [createOptimizer, createReferenceOptimizer] as const) {
    const make = create === createOptimizer ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n);
    const next = numbers(11);
    const grads = Array.from({ length: 6 }, () => Float64Array.from({ length: 12 }, () => next()));
    let saved: { state: unknown; p: ArrayLike<number> } | undefined;
    const run = (from: number, resume?: { state: unknown; p: ArrayLike<number> }) => {
      const optimizer = create({ rule: { type: 'lamb', learningRate: 0.05, weightDecay: 0.01 } } as never);
      const p = make(12);
      for (let i = 0; i < 12; i++) p[i] = 0.5 - i / 12;
      if (resume !== undefined) {
        optimizer.importState(JSON.parse(JSON.stringify(resume.state)));
        p.set(resume.p);
      }
      for (let s = from; s < 6; s++) {
        optimizer.step([{ name: 'w', values: p as never, shape: [3, 4] }], [make(12).map((_, i) => grads[s][i]) as never]);
        if (s === 2 && resume === undefined) saved = { state: optimizer.exportState(), p: p.slice() };
      }
      return p;
    };
    const whole = run(0);
    const resumed = run(3, saved);
    expect(Array.from(resumed)).toEqual(Array.from(whole));
  }
});
