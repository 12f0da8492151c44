import { buildAdvanceProgram, buildProgram, buildSharesProgram, createOptimizer, defineRule, createReferenceOptimizer, DescentError, resolveRule, rules } from '../src';
import { evaluateByExtent } from '../src/kernels/extent-evaluator';
import { extentKernel } from '../src/kernels/extent-kernel';
import { extentLayout } from '../src/rules/extent';
import { numbers } from './cases';

const BETA2 = 0.999;
const BETA3 = Math.sqrt(BETA2);

/** Two tensors, one step of gradients: a = [1, −2] with g = [0.5, 1], b = [0.5] with g = [−2]. */
function run(steps: number, rule: Record<string, unknown> = {}) {
  const optimizer = createReferenceOptimizer({ rule: { type: 'prodigy', d0: 0.1, ...rule } as never });
  const a = new Float64Array([1, -2]);
  const b = new Float64Array([0.5]);
  for (let s = 0; s < steps; s++) {
    optimizer.step(
      [
        { name: 'a', values: a },
        { name: 'b', values: b },
      ],
      [new Float64Array([0.5, 1]), new Float64Array([-2])],
    );
  }
  return { optimizer, a, b };
}

test('the first step keeps d at d0 (p = p0) and takes Adam\'s step d·lr·m/(√v + d·ε)', () => {
  const { optimizer, a, b } = run(1);
  // m = d(1 − β1)·g = 0.01·g, v = d²(1 − β2)·g² = 1e-5·g²: the step is 0.1·0.01·g/(√1e-5·|g| + 1e-9).
  const step = (g: number) => (0.1 * 0.01 * g) / (Math.sqrt(1e-5 * g * g) + 0.1 * 1e-8);
  expect(a[0]).toBeCloseTo(1 - step(0.5), 14);
  expect(a[1]).toBeCloseTo(-2 - step(1), 14);
  expect(b[0]).toBeCloseTo(0.5 - step(-2), 14);
  expect(optimizer.exportState().global).toEqual({ d: 0.1, dMax: 0.1, dNumerator: 0 });
});

test('the second step grows d from the sums over both tensors: d̂ = Σ(d/d0)·dlr·⟨g, p0 − p⟩ / Σ|s|', () => {
  const first = run(1);
  const moved = [1 - first.a[0], -2 - first.a[1], 0.5 - first.b[0]];
  const g = [0.5, 1, -2];
  const numerator = 0.1 * g.reduce((sum, gi, i) => sum + gi * moved[i], 0);
  const denominator = g.reduce((sum, gi) => sum + Math.abs((BETA3 + 1) * 0.1 * gi), 0);
  const dHat = numerator / denominator;
  expect(dHat).toBeGreaterThan(0.1);
  const { optimizer, a } = run(2);
  const global = optimizer.exportState().global as Record<string, number>;
  expect(global.dNumerator).toBeCloseTo(numerator, 15);
  expect(global.d).toBeCloseTo(dHat, 14);
  expect(global.dMax).toBe(global.d);
  // The step itself still uses the d before the update (dlr = 0.1), ε scaled by the new d.
  const m = 0.9 * 0.01 * 0.5 + 0.01 * 0.5;
  const v = 0.999 * 1e-5 * 0.25 + 1e-5 * 0.25;
  expect(a[0]).toBeCloseTo(first.a[0] - (0.1 * m) / (Math.sqrt(v) + global.d * 1e-8), 14);
});

test('d is one number for the step: a tensor alone estimates another d than the two together', () => {
  // b's gradient turns against its motion on the second step, a's keeps it: ⟨g, p0 − p⟩ is negative for b alone.
  const estimate = (names: readonly string[]) => {
    const optimizer = createReferenceOptimizer({ rule: { type: 'prodigy', d0: 0.1 } });
    const values: Record<string, Float64Array> = { a: new Float64Array([1, -2]), b: new Float64Array([0.5]) };
    const grads: Record<string, number[][]> = { a: [[0.5, 1], [0.5, 1], [0.5, 1]], b: [[-2], [1], [1]] };
    for (let s = 0; s < 3; s++) {
      optimizer.step(names.map((name) => ({ name, values: values[name] })), names.map((name) => new Float64Array(grads[name][s])));
    }
    return (optimizer.exportState().global as Record<string, number>).d;
  };
  const together = estimate(['a', 'b']);
  const a = estimate(['a']);
  const b = estimate(['b']);
  expect(a).toBeGreaterThan(together * 1.1);
  expect(b).toBe(0.1); // b alone never moves towards a positive numerator: d stays d0
  expect(together).toBeGreaterThan(0.1);
});

test('growthRate bounds d per step; decoupled decay scales p by 1 − weightDecay·dlr', () => {
  // As the reference: d jumps to d̂ when it leaves d0, then grows by at most growthRate per step.
  const before = run(2, { growthRate: 1.01 }).optimizer.exportState().global as Record<string, number>;
  const after = run(3, { growthRate: 1.01 }).optimizer.exportState().global as Record<string, number>;
  expect(after.dMax).toBeGreaterThan(before.d * 1.01);
  expect(after.d).toBe(before.d * 1.01);
  const plain = run(1);
  const decayed = run(1, { weightDecay: 0.5 });
  // dlr = 0.1 on the first step: p·(1 − 0.05) before the same Adam step.
  expect(decayed.b[0]).toBeCloseTo(plain.b[0] - 0.5 * 0.05, 14);
});

test('a step before any non-zero gradient leaves the parameters and d, as the reference returns early (it counts in t)', () => {
  const optimizer = createOptimizer({ rule: { type: 'prodigy', weightDecay: 0.1 } });
  const p = new Float32Array([0.5, -1]);
  optimizer.step([{ name: 'p', values: p }], [new Float32Array(2)]);
  expect(Array.from(p)).toEqual([0.5, -1]);
  const state = optimizer.exportState();
  // The reference does not count it in its step k either; here t counts every step (the device cannot know without a read).
  expect(state.tensors.p.t).toBe(1);
  expect(state.global).toEqual({ d: 1e-6, dMax: 1e-6, dNumerator: 0 });
});

test('bad configs and bad imported estimates are named', () => {
  expect(() => createOptimizer({ rule: { type: 'prodigy', d0: 0 } })).toThrow(/prodigy\.d0 = 0 is invalid/);
  expect(() => createOptimizer({ rule: { type: 'prodigy', beta3: 1 } })).toThrow(/prodigy\.beta3 = 1 is invalid: expected null \(√beta2\) or a number in \[0, 1\)/);
  expect(() => createOptimizer({ rule: { type: 'prodigy', growthRate: 0.9 } })).toThrow(/prodigy\.growthRate = 0\.9 is invalid/);
  expect(() => createOptimizer({ rule: { type: 'prodigy', dCoef: -1 } })).toThrow(DescentError);
  const { optimizer } = run(2);
  const state = optimizer.exportState();
  const target = createReferenceOptimizer({ rule: { type: 'prodigy', d0: 0.1 } });
  expect(() => target.importState({ ...state, global: { ...state.global, d: -1 } })).toThrow(/state\.global\.d = -1 is invalid: expected a finite number > 0/);
  expect(() => target.importState({ ...state, global: { d: 0.2, dMax: 0.1, dNumerator: 0 } })).toThrow(/state\.global\.d = 0\.2 is invalid/);
  const { global: _global, ...withoutGlobal } = state;
  expect(() => target.importState(withoutGlobal)).toThrow(/state\.global = undefined is invalid/);
  // A value the rule does not keep would be carried along and advanced to NaN (a tfjs step would throw mid-step).
  expect(() => target.importState({ ...state, global: { ...state.global, dMin: 1 } })).toThrow(/state\.global\.dMin = 1 is invalid: expected no such value \(prodigy keeps d, dMax, dNumerator\)/);
  // Nothing was half-applied: the target still starts from d0.
  expect(target.exportState().global).toEqual({ d: 0.1, dMax: 0.1, dNumerator: 0 });
});

test('the printed shares loop adds up exactly what evaluation by extent does; the advance has no loop', () => {
  const h = resolveRule({ type: 'prodigy', weightDecay: 0.1, decouple: false }).hyperparameters;
  const program = buildSharesProgram(rules.prodigy, h, 2);
  const next = numbers(3);
  const fill = () => Float64Array.from({ length: 12 }, () => next());
  const [p, g] = [fill(), fill()];
  const slots = program.instructions.some((x) => x.op === 'slot') ? [fill(), fill(), fill(), fill()] : [];
  const c = Float64Array.from(program.coefficients, (_, k) => 0.5 + 0.1 * k);
  const q = Float64Array.from(program.globals, (_, k) => 0.25 + k);
  const kernel = extentKernel({ instructions: program.instructions, extents: program.extents, outputs: [], key: 'prodigy-shares-test' });
  const printed = kernel({ p, g, slots, coefficients: c, sums: [], globals: Array.from(q) }, extentLayout([3, 4]), []);
  const out = program.outputs.map((at) => printed[at]);
  const values = evaluateByExtent(program.instructions, program.extents, { p, g, slots, coefficients: c, sums: [], globals: Array.from(q) }, extentLayout([3, 4]));
  expect(Array.from(out)).toEqual(program.outputs.map((at) => values[at]));
  expect(program.names).toEqual(['numerator', 'denominator']);
  const advance = buildAdvanceProgram(rules.prodigy, h);
  expect(advance.names).toEqual(['d', 'dMax', 'dNumerator']);
  expect(advance.instructions.some((x) => x.op === 'sum')).toBe(false);
});

test('a rule that reads step-wide values without declaring global is refused by name', () => {
  const reader = defineRule({
    type: 'reader',
    summary: 'A rule that reads d without keeping it.',
    fields: {},
    slots: () => [],
    coefficients: () => ({}),
    update: ({ param, global }) => ({ param: param.sub(global.before.d) }),
  });
  expect(() => buildProgram(reader, {})).toThrow(/reader update = "reads before\.d" is invalid: expected step-wide values only in a rule that declares global/);
});

test('setHyperparameters between steps reaches the advance of d (growthRate)', () => {
  const free = run(3).optimizer.exportState().global as Record<string, number>;
  const { optimizer, a, b } = run(2);
  const before = optimizer.exportState().global as Record<string, number>;
  optimizer.setHyperparameters({ growthRate: 1.001 });
  optimizer.step([{ name: 'a', values: a }, { name: 'b', values: b }], [new Float64Array([0.5, 1]), new Float64Array([-2])]);
  const bounded = optimizer.exportState().global as Record<string, number>;
  expect(bounded.d).toBe(Math.min(bounded.dMax, before.d * 1.001));
  expect(free.d).toBeGreaterThan(before.d * 1.001);
});

test('a step at a learning rate of 0 changes nothing, as the reference skips its moments (a schedule decaying to 0)', () => {
  const grads = () => [new Float64Array([0.5, 1]), new Float64Array([-2])];
  const plain = run(2);
  const paused = run(2);
  paused.optimizer.setHyperparameters({ learningRate: 0 });
  paused.optimizer.step([{ name: 'a', values: paused.a }, { name: 'b', values: paused.b }], [new Float64Array([3, -1]), new Float64Array([0.25])]);
  paused.optimizer.setHyperparameters({ learningRate: 1 });
  for (const { optimizer, a, b } of [plain, paused]) optimizer.step([{ name: 'a', values: a }, { name: 'b', values: b }], grads());
  expect(Array.from(paused.a)).toEqual(Array.from(plain.a));
  expect(Array.from(paused.b)).toEqual(Array.from(plain.b));
  expect(paused.optimizer.exportState().global).toEqual(plain.optimizer.exportState().global);
});
