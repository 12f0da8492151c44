import {
  buildProgram,
  createOptimizer,
  createReferenceOptimizer,
  defineRule,
  DescentError,
  resolveRule,
  scalarInputCount,
  rowSum,
  sum,
} from '../src';
import { jsKernel, jsReductionKernel, printJsReduction } from '../src/kernels/js-kernel';
import { hostScalars } from '../src/optimizer/engine';
import { encodeArray } from '../src/optimizer/state';
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

test('a sum may read another sum: evaluated by extent, in both engines', () => {
  // p ← p − lr·Σ(g·Σg): the inner sum is per tensor, so the outer is (Σg)².
  const nested = defineRule({ ...dotScaled, update: ({ param, grad, c }) => ({ param: param.sub(c.lr.mul(sum(grad.mul(sum(grad))))) }) });
  const program = buildProgram(nested, { learningRate: 0.1 });
  // Both sums are in the reduction; the update reads the outer one only.
  expect(program.reduction?.instructions.filter((x) => x.op === 'sum')).toHaveLength(2);
  expect(program.reduction?.sums).toHaveLength(1);
  expect(program.instructions.filter((x) => x.op === 'reduced')).toEqual([{ op: 'reduced', index: 0 }]);
  const p = new Float64Array([1, 2, 3, 4]);
  const g = new Float64Array([0.5, -1, 2, 0.25]);
  const state = { shape: [4], slots: {}, slotList: [], scalars: {}, hyperparameters: { learningRate: 0.1 }, program, coefficients: new Float64Array(scalarInputCount(program)) };
  const c = hostScalars(nested, p, g, state, { t: 1, lr: 0.1, shape: [4] });
  expect(c).not.toBeNull();
  jsKernel(program)(p, g, [], c!);
  const total = 0.5 - 1 + 2 + 0.25;
  expect(Array.from(p)).toEqual([1, 2, 3, 4].map((x) => x - 0.1 * total * total));
});

test('row and column sums need a tensor of rank ≥ 2, and factored slots too', () => {
  const rows = defineRule({ ...dotScaled, update: ({ param, grad, c }) => ({ param: param.sub(c.lr.mul(rowSum(grad))) }) });
  expect(() => buildProgram(rows, { learningRate: 0.1 }, 1)).toThrow(/rowSum of a per-element value \(rank 1\)/);
  const program = buildProgram(rows, { learningRate: 0.1 }, 2);
  expect(program.broadcasts).toBe(true);
  expect(program.reduction?.extents[program.reduction.sums[0]]).toBe('row');
  const { definition, hyperparameters } = resolveRule({ type: 'adafactor' });
  expect(buildProgram(definition, hyperparameters, 1).slots).toEqual(['variance']);
  expect(buildProgram(definition, hyperparameters, 2).slotExtents).toEqual(['row', 'column']);
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

test('bad adafactor and muon configs are refused, naming the field', () => {
  expect(() => resolveRule({ type: 'adafactor', beta2Decay: 0.5 })).toThrow(/adafactor\.beta2Decay/);
  expect(() => resolveRule({ type: 'adafactor', clipThreshold: 0.5 })).toThrow(/adafactor\.clipThreshold/);
  expect(() => resolveRule({ type: 'muon', nsSteps: 100 })).toThrow(/muon\.nsSteps/);
  expect(() => resolveRule({ type: 'muon', adjustLearningRate: 'spectral' })).toThrow(/muon\.adjustLearningRate/);
});

test('muon orthogonalizes matrices (a square one comes out with singular values near 1) and runs AdamW elsewhere', () => {
  const { definition, hyperparameters } = resolveRule({ type: 'muon' });
  expect(buildProgram(definition, hyperparameters, 2).slots).toEqual(['momentumBuffer']);
  expect(buildProgram(definition, hyperparameters, 1).slots).toEqual(['m', 'v']);
  const optimizer = createReferenceOptimizer({ rule: { type: 'muon', learningRate: 1, weightDecay: 0, momentum: 0, nesterov: false } });
  const p = new Float64Array(4);
  optimizer.step([{ name: 'w', values: p, shape: [2, 2] }], [new Float64Array([3, 1, 1, 2])]);
  // p = −O; Oᵀ·O ≈ I within the quintic iteration's spread (singular values in about [0.7, 1.2]).
  const [a, b, c, d] = Array.from(p, (x) => -x);
  expect(a * a + c * c).toBeGreaterThan(0.5);
  expect(a * a + c * c).toBeLessThan(1.5);
  expect(Math.abs(a * b + c * d)).toBeLessThan(0.3);
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

test('adafactor factors the last two axes of a rank-3 tensor, matrix by matrix (reference engine against the formula)', () => {
  const shape = [2, 3, 4];
  const next = numbers(5);
  const p = Float64Array.from({ length: 24 }, () => next());
  const g = Float64Array.from({ length: 24 }, () => next());
  const start = p.slice();
  const optimizer = createReferenceOptimizer({ rule: { type: 'adafactor', learningRate: 0.05 } });
  optimizer.step([{ name: 'w', values: p, shape }], [g]);
  // Step 1 (weight 1): R = row means of g², C = column means, per matrix m; V = R·C/mean(R).
  const expected = new Float64Array(24);
  const u = new Float64Array(24);
  for (let m = 0; m < 2; m++) {
    const at = (i: number, j: number) => m * 12 + i * 4 + j;
    const rows = [0, 1, 2].map((i) => [0, 1, 2, 3].reduce((s, j) => s + g[at(i, j)] ** 2, 0) / 4);
    const columns = [0, 1, 2, 3].map((j) => [0, 1, 2].reduce((s, i) => s + g[at(i, j)] ** 2, 0) / 3);
    const meanRow = rows.reduce((a, b) => a + b, 0) / 3;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) u[at(i, j)] = g[at(i, j)] / Math.sqrt(Math.max((rows[i] * columns[j]) / Math.max(meanRow, 2 ** -23), 2 ** -46));
  }
  const rms = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
  const alpha = Math.max(1e-3, rms(start)) * 0.05;
  const clip = Math.max(1, rms(u));
  for (let k = 0; k < 24; k++) expected[k] = start[k] - (alpha / clip) * u[k];
  Array.from(p).forEach((x, k) => expect(x).toBeCloseTo(expected[k], 12));
  const state = optimizer.exportState().tensors.w;
  expect(Object.keys(state.slots).sort()).toEqual(['columnVariance', 'rowVariance']);
});

test.each([
  ['adafactor', { type: 'adafactor', learningRate: 0.05, weightDecay: 0.01 }],
  ['muon', { type: 'muon', learningRate: 0.02 }],
] as const)('%s resumes bit-identically from exported state, matrices and vectors, in both engines', (_, rule) => {
  for (const create of [createOptimizer, createReferenceOptimizer] as const) {
    const make = create === createOptimizer ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n);
    const shapes = [[3, 4], [4], [2, 2, 3]];
    const next = numbers(17);
    const grads = Array.from({ length: 6 }, () => shapes.map((s) => Float64Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => next())));
    const start = shapes.map((s) => Float64Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => next()));
    let saved: { state: unknown; params: ArrayLike<number>[] } | undefined;
    const run = (from: number, resume?: { state: unknown; params: ArrayLike<number>[] }) => {
      const optimizer = create({ rule } as never);
      const params = shapes.map((_, i) => make(start[i].length).map((__, k) => (resume ? resume.params[i][k] : start[i][k])));
      if (resume !== undefined) optimizer.importState(JSON.parse(JSON.stringify(resume.state)));
      for (let s = from; s < 6; s++) {
        optimizer.step(
          params.map((values, i) => ({ name: `t${i}`, values: values as never, shape: shapes[i] })),
          grads[s].map((g, i) => make(g.length).map((__, k) => g[k]) as never),
        );
        if (s === 2 && resume === undefined) saved = { state: optimizer.exportState(), params: params.map((p) => p.slice()) };
      }
      return params;
    };
    const whole = run(0);
    const resumed = run(3, saved);
    resumed.forEach((p, i) => expect(Array.from(p)).toEqual(Array.from(whole[i])));
    whole.forEach((p) => expect(Array.from(p).every(Number.isFinite)).toBe(true));
  }
});

test.each([
  ['lamb', { type: 'lamb', learningRate: 0.05, weightDecay: 0.01 }],
  ['adafactor', { type: 'adafactor', learningRate: 0.05 }],
  ['muon', { type: 'muon', learningRate: 0.02 }],
] as const)('lookahead composes with %s: the fast steps are the rule’s own, the k-th step syncs to φ + α·(p − φ)', (_, rule) => {
  for (const create of [createOptimizer, createReferenceOptimizer] as const) {
    const make = create === createOptimizer ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n);
    const shapes = [[3, 4], [4]];
    const next = numbers(23);
    const start = shapes.map((s) => Float64Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => next()));
    const grads = [0, 1].map(() => start.map((s) => Float64Array.from({ length: s.length }, () => next())));
    const run = (lookahead: boolean) => {
      const optimizer = create({ rule, ...(lookahead ? { lookahead: { k: 2, alpha: 0.25 } } : {}) } as never);
      const params = start.map((s) => make(s.length).map((__, k) => s[k]));
      const after: number[][] = [];
      for (const g of grads) {
        optimizer.step(
          params.map((values, i) => ({ name: `t${i}`, values: values as never, shape: shapes[i] })),
          g.map((x) => make(x.length).map((__, k) => x[k]) as never),
        );
        after.push(params.flatMap((p) => Array.from(p)));
      }
      return after;
    };
    const plain = run(false);
    const wrapped = run(true);
    const p0 = start.flatMap((s) => Array.from(s));
    expect(wrapped[0]).toEqual(plain[0]);
    const tolerance = create === createOptimizer ? 5 : 12;
    wrapped[1].forEach((x, k) => expect(x).toBeCloseTo(p0[k] + 0.25 * (plain[1][k] - p0[k]), tolerance));
    expect(wrapped[1]).not.toEqual(plain[1]);
  }
});

test('an imported state of a rule with factored slots is checked per row and per column: lengths and signs', () => {
  const optimizer = createReferenceOptimizer({ rule: { type: 'adafactor' } });
  const g = Float64Array.from({ length: 12 }, (_, k) => k - 5);
  optimizer.step([{ name: 'w', values: new Float64Array(12).fill(0.5), shape: [3, 4] }], [g]);
  const state = optimizer.exportState();
  const saved = state.tensors.w;
  const encode = (values: number[]) => encodeArray(Float64Array.from(values));
  const fresh = () => createReferenceOptimizer({ rule: { type: 'adafactor' } });
  // The exported state itself imports (3 row values, 4 column values).
  expect(() => fresh().importState(JSON.parse(JSON.stringify(state)))).not.toThrow();
  // One value per element where one per row is kept: refused, naming the slot and the count.
  const wrongLength = { ...state, tensors: { w: { ...saved, slots: { ...saved.slots, rowVariance: encode(Array(12).fill(1)) } } } };
  expect(() => fresh().importState(JSON.parse(JSON.stringify(wrongLength)))).toThrow(/state\.tensors\["w"\]\.slots\.rowVariance.*holding 3 values/);
  // A second moment below zero: refused, naming the element.
  const negative = { ...state, tensors: { w: { ...saved, slots: { ...saved.slots, columnVariance: encode([1, 1, -1, 1]) } } } };
  expect(() => fresh().importState(JSON.parse(JSON.stringify(negative)))).toThrow(/slots\.columnVariance\[2\].*never negative/);
  // A vector keeps the element-wise variance, refused when negative too.
  const vector = createReferenceOptimizer({ rule: { type: 'adafactor' } });
  vector.step([{ name: 'b', values: new Float64Array(4), shape: [4] }], [Float64Array.from([1, 2, 3, 4])]);
  const vectorState = vector.exportState();
  const badVector = { ...vectorState, tensors: { b: { ...vectorState.tensors.b, slots: { variance: encode([1, -2, 1, 1]) } } } };
  expect(() => fresh().importState(JSON.parse(JSON.stringify(badVector)))).toThrow(/slots\.variance\[1\]/);
});
