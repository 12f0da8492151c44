import { createLbfgs, createOptimizer, describeValue, encodeArray, jsEngine, Optimizer, rosenbrock, type OptimizerState } from '../src';
import { thrown } from './thrown';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** An adam (amsgrad) optimizer with skipNonFinite and accumulate after two steps over w (2 values) and b (1). */
function trained(): Optimizer<Float32Array> {
  const optimizer = createOptimizer(
    { rule: { type: 'adam', amsgrad: true }, transforms: [{ type: 'skipNonFinite', maxConsecutive: 3 }, { type: 'accumulate', steps: 2 }], average: { type: 'ema', decay: 0.9 } },
    'js',
  );
  const w = new Float32Array([0.5, -0.25]);
  const b = new Float32Array([1]);
  for (let i = 0; i < 3; i++) optimizer.step([{ name: 'w', values: w }, { name: 'b', values: b }], [new Float32Array([0.1, -0.2]), new Float32Array([0.3])]);
  return optimizer;
}

type Edit = (state: OptimizerState) => void;
const slot = (values: number[]) => encodeArray(Float32Array.from(values));

/** Hostile edits of an exported state, each with the argument its error must name. */
const EDITS: [string, Edit, RegExp][] = [
  ['adam v = [NaN, -1]', (s) => (s.tensors.w.slots.v = slot([Number.NaN, -1])), /^state\.tensors\["w"\]\.slots\.v\[0\] = NaN/],
  ['adam v = [1, -1] (a second moment < 0)', (s) => (s.tensors.w.slots.v = slot([1, -1])), /slots\.v\[1\] = -1 .*≥ 0/],
  ['amsgrad vMax = [-0, -2]', (s) => (s.tensors.w.slots.vMax = slot([0, -2])), /slots\.vMax\[1\]/],
  ['adam m = [Infinity, 0]', (s) => (s.tensors.w.slots.m = slot([Number.POSITIVE_INFINITY, 0])), /slots\.m\[0\] = Infinity/],
  ['average holding NaN', (s) => (s.tensors.b.average = slot([Number.NaN])), /\.average\[0\]/],
  ['t = -7', (s) => (s.tensors.w.t = -7), /\.t = -7/],
  ['t = 2^60', (s) => (s.tensors.w.t = 2 ** 60), /\.t = /],
  ['averaged = 1.5', (s) => (s.tensors.w.averaged = 1.5), /\.averaged = 1\.5/],
  ['length 1e12 with its shape', (s) => Object.assign(s.tensors.w, { length: 1e12, shape: [1e6, 1e6] }), /\.length = 1000000000000/],
  ['scalars { x: NaN }', (s) => (s.tensors.w.scalars = { x: Number.NaN }), /\.scalars/],
  ['stepsTaken = 1e300', (s) => (s.stepsTaken = 1e300), /^state\.stepsTaken/],
  ['skipNonFinite consecutive = -5', (s) => (s.transforms[0] = { consecutive: -5 }), /consecutive = -5/],
  ['skipNonFinite consecutive = 4 > maxConsecutive 3', (s) => (s.transforms[0] = { consecutive: 4 }), /consecutive = 4 .*\[0, 3\]/],
  ['accumulate sum of the wrong length', (s) => (s.transforms[1] = { calls: 1, sums: { w: [1, 2, 3], b: [1] } }), /sums\["w"\] = \[1, 2, 3\]/],
  ['accumulate sum holding NaN', (s) => (s.transforms[1] = { calls: 1, sums: { w: [1, Number.NaN], b: [1] } }), /sums\["w"\]/],
  ['accumulate sum of an unknown tensor', (s) => (s.transforms[1] = { calls: 1, sums: { w: [1, 2], b: [1], ghost: [1] } }), /sums\["ghost"\]/],
];

describe('an imported core state is checked value by value; a rejected one changes nothing', () => {
  test.each(EDITS)('%s', (_name, edit, argument) => {
    const optimizer = trained();
    const before = optimizer.exportState();
    const hostile = clone(before);
    edit(hostile);
    // JSON cannot hold NaN or Infinity: the edits are applied to the parsed object, as a caller can.
    const error = thrown(() => optimizer.importState(hostile));
    expect(error.message).toMatch(argument);
    expect(optimizer.exportState()).toEqual(before);
  });

  test('the untouched export imports back', () => {
    const optimizer = trained();
    const state = clone(optimizer.exportState());
    optimizer.importState(state);
    expect(optimizer.exportState()).toEqual(state);
  });

  test('setHyperparameters is all or nothing when a new slot cannot be made (momentum switched on)', () => {
    let calls = 0;
    const engine = {
      ...jsEngine,
      filled(shape: readonly number[], value: number) {
        if (++calls === 2) throw new RangeError('Array buffer allocation failed');
        return jsEngine.filled(shape, value);
      },
    };
    const released: Float32Array[] = [];
    engine.release = (values: Float32Array) => void released.push(values);
    const optimizer = new Optimizer({ rule: { type: 'sgd', learningRate: 0.1 } }, engine);
    optimizer.step([{ name: 'a', values: new Float32Array(2) }, { name: 'b', values: new Float32Array(3) }], [new Float32Array(2), new Float32Array(3)]);
    const before = optimizer.exportState();
    const error = thrown(() => optimizer.setHyperparameters({ momentum: 0.9 }));
    expect(error.argument).toBe('tensor "b" length');
    expect(optimizer.hyperparameters.momentum).toBe(0);
    expect(optimizer.exportState()).toEqual(before);
    expect(released).toHaveLength(1); // the slot made for "a" is given back
  });
});

describe('an imported L-BFGS state is checked against itself and the problem', () => {
  const problem = rosenbrock({}, 2);
  const objective = (x: Float64Array) => {
    const gradient = new Float64Array(2);
    return { loss: problem.evaluate(x, gradient), gradient };
  };
  const stepped = () => {
    const lbfgs = createLbfgs({ type: 'lbfgs', historySize: 5 });
    const x = Float64Array.from([-1.2, 1]);
    lbfgs.step(x, objective);
    return lbfgs;
  };
  const f64 = (values: number[]) => encodeArray(Float64Array.from(values));

  test.each([
    ['iterations = -7', { iterations: -7 }, /state\.iterations = -7/],
    ['t = NaN', { t: Number.NaN }, /state\.t = NaN/],
    ['hDiag = -1', { hDiag: -1 }, /state\.hDiag/],
    ['previousLoss = Infinity', { previousLoss: Number.POSITIVE_INFINITY }, /state\.previousLoss/],
    ['d of another length', { d: f64([1, 2, 3]) }, /state\.d\.length = 3/],
    ['d holding NaN', { d: f64([1, Number.NaN]) }, /state\.d\[1\] = NaN/],
    ['d null after iterations', { d: null }, /state\.d = null/],
    ['more pairs than historySize', { dirs: Array(6).fill(f64([1, 1])), steps: Array(6).fill(f64([1, 1])), ro: Array(6).fill(1) }, /state\.dirs/],
    ['ro = [0]', { dirs: [f64([1, 1])], steps: [f64([1, 1])], ro: [0] }, /state\.ro/],
  ])('%s', (_name, edit, argument) => {
    const lbfgs = stepped();
    const before = lbfgs.exportState();
    const error = thrown(() => lbfgs.importState({ ...clone(before), ...edit } as never));
    expect(error.message).toMatch(argument);
    expect(lbfgs.exportState()).toEqual(before);
  });

  test('a state from a problem of another size is refused at the next step, before x changes (it wrote NaN)', () => {
    const lbfgs = createLbfgs({ type: 'lbfgs' });
    lbfgs.importState(stepped().exportState());
    const x = Float64Array.from([1, 2, 3]);
    const error = thrown(() => lbfgs.step(x, (at) => ({ loss: at.reduce((a, v) => a + v * v, 0), gradient: at.map((v) => 2 * v) })));
    expect(error.argument).toBe('x.length');
    expect(Array.from(x)).toEqual([1, 2, 3]);
  });
});

describe('errors show the offending value truncated', () => {
  test('a 2-million-character string is shown in at most 200 characters', () => {
    const optimizer = trained();
    const huge = 'x'.repeat(2_000_000);
    const error = thrown(() => optimizer.importState(huge as never));
    expect(error.message.length).toBeLessThan(400);
    expect(describeValue(huge).length).toBeLessThanOrEqual(200);
  });

  test('a tensor name of 100,000 characters is cut in the argument shown', () => {
    const optimizer = trained();
    const state = clone(optimizer.exportState());
    const name = 'n'.repeat(100_000);
    state.tensors[name] = { ...state.tensors.w, t: -1 };
    expect(thrown(() => optimizer.importState(state)).message.length).toBeLessThan(600);
  });

  test.each([['a bigint', 10n], ['a symbol', Symbol('s')], ['an object whose toJSON gives undefined', { toJSON: () => undefined }]])('%s is rendered', (_name, value) => {
    expect(typeof describeValue(value)).toBe('string');
  });
});
