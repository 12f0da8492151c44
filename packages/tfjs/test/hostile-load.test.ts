/**
 * Hostile input at the tfjs load paths: setWeights (what tf.loadLayersModel passes back),
 * a model file's training config, L-BFGS. Each load succeeds or throws a DescentError in
 * bounded time; a refused one changes nothing and leaves no tensor behind. The explicit
 * cases are the ones an audit found; the fuzz tests plant hostile values anywhere.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { DescentError, isPlainObject, type OptimizerState } from '@descent/core';
import { adam, createDescentOptimizer, lbfgs, type DescentOptimizer, type NamedTensor } from '@descent/tfjs';
import { anyState, expectAtomicLoadAsync, hostileEdits, HOSTILE_VALUES, LOAD_TIME_LIMIT_MS, type Tally } from '../../core/test/hostile';
import { saveToMemory, useBackend } from './helpers';

let id = 0;

/** An adam optimizer (with accumulation and EMA) after three steps over a fresh [2, 2] variable, and that variable. */
function trained(): { optimizer: DescentOptimizer; variable: tf.Variable } {
  const variable = tf.variable(tf.tensor2d([[1, 2], [3, 4]]), true, `hostile-${id++}/kernel`);
  const optimizer = createDescentOptimizer({ type: 'adam', learningRate: 0.1 }, { transforms: [{ type: 'skipNonFinite' }, { type: 'accumulate', steps: 2 }], average: { type: 'ema' } });
  const g = tf.tensor2d([[0.1, -0.2], [0.3, -0.4]]);
  for (let i = 0; i < 3; i++) optimizer.applyGradients({ [variable.name]: g });
  g.dispose();
  return { optimizer, variable };
}

/** The optimizer's weights as plain data: names, and each tensor's dtype, shape and values. */
async function weightData(optimizer: DescentOptimizer): Promise<{ name: string; dtype: tf.DataType; shape: number[]; values: unknown[] }[]> {
  const weights = await optimizer.getWeights();
  return Promise.all(weights.map(async (w) => ({ name: w.name, dtype: w.tensor.dtype, shape: w.tensor.shape, values: Array.from(await w.tensor.data()) })));
}

/** Tensors made from weight data (the caller disposes them). */
function toWeights(data: { name: string; dtype: tf.DataType; shape: number[]; values: unknown[] }[]): NamedTensor[] {
  return data.map((w) => ({ name: w.name, tensor: tf.tensor(w.values as never, w.shape, w.dtype) }));
}

/** Everything setWeights may change: the state and the iteration count. */
const snapshotOf = (optimizer: DescentOptimizer) => () => ({ state: optimizer.exportState(), iterations: optimizer.iterations });

/** Loads weights, checking atomicity, time and that a refused load leaves no tensor behind. */
async function load(optimizer: DescentOptimizer, weights: NamedTensor[], tally: Tally): Promise<void> {
  const tensors = tf.memory().numTensors;
  const refusedBefore = tally.refused;
  await expectAtomicLoadAsync(() => optimizer.setWeights(weights), snapshotOf(optimizer), tally);
  if (tally.refused > refusedBefore) expect(tf.memory().numTensors).toBe(tensors);
}

describe('setWeights refuses what getWeights cannot have written, by name, changing nothing', () => {
  beforeAll(() => useBackend('cpu'));

  type Data = Awaited<ReturnType<typeof weightData>>;
  const stateOf = (data: Data) => JSON.parse(data[1].values[0] as string) as OptimizerState & { tensors: Record<string, Record<string, unknown>> };
  const withState = (data: Data, state: unknown): Data => [data[0], { ...data[1], values: [typeof state === 'string' ? state : JSON.stringify(state)] }, ...data.slice(2)];
  const withIter = (data: Data, value: unknown, dtype: tf.DataType): Data => [{ ...data[0], dtype, values: [value] }, ...data.slice(1)];

  const CASES: [string, (data: Data, name: string) => Data, RegExp][] = [
    ['iter NaN', (d) => withIter(d, Number.NaN, 'float32'), /^weights "iter" = NaN/],
    ['iter −5', (d) => withIter(d, -5, 'int32'), /^weights "iter" = -5/],
    ['iter "abc"', (d) => withIter(d, 'abc', 'string'), /^weights "iter" = "string"/],
    ['state "null"', (d) => withState(d, 'null'), /^weights "descent\/state" = null/],
    ['state "[]"', (d) => withState(d, '[]'), /^weights "descent\/state"/],
    ['tensors.w = null', (d, name) => withState(d, { ...stateOf(d), tensors: { [name]: null } }), /tensors\[".*\/kernel"\] = null/],
    ['a claimed length unlike the live variable', (d, name) => {
      const state = stateOf(d);
      return withState(d, { ...state, tensors: { [name]: { ...state.tensors[name], length: 9, shape: [9] } } });
    }, /\.length = 9 .*4, the size of the variable/],
    ['a claimed length of 1e12', (d, name) => {
      const state = stateOf(d);
      return withState(d, { ...state, tensors: { [`${name}-gone`]: { ...state.tensors[name], length: 1e12, shape: null, slots: {}, average: null } } });
    }, /\.length = 1000000000000/],
  ];

  test.each(CASES)('%s', async (_name, edit, message) => {
    const { optimizer, variable } = trained();
    const data = await weightData(optimizer);
    const weights = toWeights(edit(data, variable.name));
    const before = snapshotOf(optimizer)();
    const tensors = tf.memory().numTensors;
    await expect(optimizer.setWeights(weights)).rejects.toThrow(DescentError);
    await expect(optimizer.setWeights(weights)).rejects.toThrow(message);
    expect(snapshotOf(optimizer)()).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose(weights.map((w) => w.tensor));
    optimizer.dispose();
    variable.dispose();
  });

  test('weights that are not { name, tensor } pairs', async () => {
    const optimizer = adam();
    await expect(optimizer.setWeights([null] as never)).rejects.toThrow(/^weights\[0\] = null/);
    optimizer.dispose();
  });

  test('setHyperparameters after a refused 1e12-length state switches nothing on (it threw RangeError and changed momentum)', async () => {
    const { optimizer, variable } = trained();
    const sgd = createDescentOptimizer({ type: 'sgd', learningRate: 0.1 });
    const state = sgd.exportState();
    expect(() => sgd.importState({ ...state, tensors: { big: { length: 1e12, shape: null, t: 1, slots: {}, scalars: {}, average: null, averaged: 0 } } })).toThrow(DescentError);
    sgd.setHyperparameters({ momentum: 0.9 });
    expect(sgd.hyperparameters.momentum).toBe(0.9);
    [optimizer, sgd].forEach((o) => o.dispose());
    variable.dispose();
  });
});

describe('setWeights fuzzed', () => {
  beforeAll(() => useBackend('cpu'));

  test('hostile edits of the state JSON, anything as the state, hostile iter and slot weights', async () => {
    const { optimizer, variable } = trained();
    const data = await weightData(optimizer);
    const state = JSON.parse(data[1].values[0] as string) as unknown;
    const text = (s: unknown) => (s === undefined ? 'undefined' : JSON.stringify(s) ?? 'undefined');
    const hostileState = fc.oneof(hostileEdits(state), anyState).map((s) => [data[0], { ...data[1], values: [text(s)] }, ...data.slice(2)]);
    const hostileNumber = fc.constantFrom(...HOSTILE_VALUES.filter((v): v is number => typeof v === 'number'));
    const hostileIter = hostileNumber.map((v) => [{ ...data[0], dtype: 'float32' as const, values: [v] }, ...data.slice(1)]);
    const hostileSlot = fc.tuple(fc.nat(data.length - 3), hostileNumber, fc.nat(5)).map(([i, v, size]) => {
      const copy = [...data];
      copy[i + 2] = { ...data[i + 2], shape: [size], values: Array(size).fill(v) };
      return copy;
    });
    const tally: Tally = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileState, hostileIter, hostileSlot), async (edited) => {
        const weights = toWeights(edited);
        await load(optimizer, weights, tally);
        tf.dispose(weights.map((w) => w.tensor));
      }),
      { numRuns: 120, seed: 13 },
    );
    expect(tally.refused).toBeGreaterThan(0);
    optimizer.dispose();
    variable.dispose();
  });
});

describe('a model file with its optimizer, from an untrusted source', () => {
  beforeAll(() => useBackend('cpu'));

  /** A tiny model whose layer is named with 27 letters, trained one step with a grouped adam, saved with its optimizer. */
  async function savedModel(): Promise<tf.io.ModelArtifacts> {
    const model = tf.sequential({ layers: [tf.layers.dense({ name: 'a'.repeat(27), units: 1, inputShape: [2] })] });
    model.compile({ optimizer: adam({ groups: [{ pattern: 'bias$', learningRateMultiplier: 0.5 }] }), loss: 'meanSquaredError' });
    const [x, y] = [tf.ones([2, 2]), tf.ones([2, 1])];
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    const artifacts = await saveToMemory(model);
    tf.dispose([x, y]);
    model.dispose();
    return artifacts;
  }

  const withOptimizerConfig = (artifacts: tf.io.ModelArtifacts, config: unknown): tf.io.ModelArtifacts => {
    const trainingConfig = structuredClone(artifacts.trainingConfig) as tf.io.TrainingConfig;
    (trainingConfig.optimizer_config as { config: unknown }).config = config;
    return { ...artifacts, trainingConfig };
  };

  test('a pattern that hangs a backtracking matcher loads and fits at once (25 s per fit before)', async () => {
    const artifacts = await savedModel();
    const config = (artifacts.trainingConfig?.optimizer_config as { config: Record<string, unknown> }).config;
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(withOptimizerConfig(artifacts, { ...config, groups: [{ pattern: { name: '^(a+)+$' } }] })));
    const [x, y] = [tf.ones([2, 2]), tf.ones([2, 1])];
    const started = Date.now();
    await loaded.fit(x, y, { epochs: 1, verbose: 0 });
    expect(Date.now() - started).toBeLessThan(LOAD_TIME_LIMIT_MS);
    tf.dispose([x, y]);
    loaded.dispose();
  });

  test('a backreference in a saved pattern is refused by name', async () => {
    const artifacts = await savedModel();
    const config = (artifacts.trainingConfig?.optimizer_config as { config: Record<string, unknown> }).config;
    await expect(tf.loadLayersModel(tf.io.fromMemory(withOptimizerConfig(artifacts, { ...config, groups: [{ pattern: { name: '(a)\\1' } }] })))).rejects.toThrow(
      /^groups\[0\]\.pattern = .*backreference/,
    );
  });

  /** The artifacts with the optimizer's weights (group "optimizer") replaced by `edit`'s. */
  async function withOptimizerWeights(artifacts: tf.io.ModelArtifacts, edit: (weights: NamedTensor[]) => NamedTensor[]): Promise<tf.io.ModelArtifacts> {
    const specs = artifacts.weightSpecs ?? [];
    const decoded = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, specs);
    const model = specs.filter((spec) => spec.group !== 'optimizer').map((spec) => ({ name: spec.name, tensor: decoded[spec.name] }));
    const optimizer = edit(specs.filter((spec) => spec.group === 'optimizer').map((spec) => ({ name: spec.name, tensor: decoded[spec.name] })));
    const [modelPart, optimizerPart] = [await tf.io.encodeWeights(model), await tf.io.encodeWeights(optimizer, 'optimizer')];
    tf.dispose([...Object.values(decoded), ...optimizer.map((w) => w.tensor)]);
    return { ...artifacts, weightData: tf.io.concatenateArrayBuffers([modelPart.data, optimizerPart.data]), weightSpecs: [...modelPart.specs, ...optimizerPart.specs] };
  }

  test('fuzzed optimizer weights in a model file: loadLayersModel succeeds or rejects with a DescentError, in bounded time', async () => {
    const artifacts = await savedModel();
    const hostileNumber = fc.constantFrom(...HOSTILE_VALUES.filter((v): v is number => typeof v === 'number'));
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(10), hostileNumber, fc.boolean(), async (index, value, resize) => {
        const edited = await withOptimizerWeights(artifacts, (weights) =>
          weights.map((w, i) => {
            if (i !== index % weights.length || w.tensor.dtype === 'string') return w;
            return { name: w.name, tensor: tf.fill(resize ? [w.tensor.size + 1] : w.tensor.shape, value, w.tensor.dtype) };
          }),
        );
        const started = Date.now();
        try {
          (await tf.loadLayersModel(tf.io.fromMemory(edited))).dispose();
        } catch (error) {
          // tfjs-layers leaves the model and its decoded weights allocated when the optimizer refuses them (upstream).
          expect(error).toBeInstanceOf(DescentError);
          refused++;
        }
        expect(Date.now() - started).toBeLessThan(LOAD_TIME_LIMIT_MS);
      }),
      { numRuns: 30, seed: 13 },
    );
    expect(refused).toBeGreaterThan(0);
  });

  test('fuzzed training configs: a DescentError or a model whose optimizer steps in bounded time', async () => {
    const artifacts = await savedModel();
    const config = (artifacts.trainingConfig?.optimizer_config as { config: Record<string, unknown> }).config;
    const clean = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const modelWeights = clean.weights.length;
    clean.dispose();
    let loadedCount = 0;
    await fc.assert(
      // tfjs-layers itself refuses a config that is not an object before any optimizer sees it.
      fc.asyncProperty(hostileEdits(config).filter(isPlainObject), async (edited) => {
        const tensors = tf.memory().numTensors;
        const started = Date.now();
        let model: tf.LayersModel | null = null;
        try {
          model = await tf.loadLayersModel(tf.io.fromMemory(withOptimizerConfig(artifacts, edited)));
        } catch (error) {
          expect(error).toBeInstanceOf(DescentError);
          // tfjs-layers builds the model before its optimizer and does not dispose it when the
          // optimizer is refused: its own weights stay behind (upstream), nothing else may.
          expect(tf.memory().numTensors - tensors).toBeLessThanOrEqual(modelWeights);
        }
        expect(Date.now() - started).toBeLessThan(LOAD_TIME_LIMIT_MS);
        if (model === null) return;
        loadedCount++;
        const [x, y] = [tf.ones([2, 2]), tf.ones([2, 1])];
        try {
          await model.fit(x, y, { epochs: 1, verbose: 0 });
        } catch (error) {
          expect(error).toBeInstanceOf(DescentError);
        }
        tf.dispose([x, y]);
        model.dispose();
      }),
      { numRuns: 40, seed: 13 },
    );
    expect(loadedCount).toBeGreaterThan(0);
  });
});

describe('L-BFGS in tfjs', () => {
  beforeAll(() => useBackend('cpu'));

  test('minimize over a plain tensor names it (it threw "v.assign is not a function")', () => {
    const plain = tf.tensor1d([1, 2]);
    const optimizer = lbfgs();
    expect(() => optimizer.minimize(() => plain.square().sum() as tf.Scalar, [plain] as never)).toThrow(/^variables\[0\] = "a tf.Tensor of shape \[2\]" .*tf\.Variable/);
    plain.dispose();
  });

  test('fuzzed importState: a DescentError or success, nothing changed on refusal', async () => {
    const v = tf.variable(tf.tensor1d([1, -2, 0.5]), true, `lbfgs-hostile-${id++}`);
    const optimizer = lbfgs({ maxIter: 3 });
    const loss = () => v.sub(1).square().sum() as tf.Scalar;
    optimizer.minimize(loss, [v]);
    const valid = JSON.parse(JSON.stringify(optimizer.exportState())) as unknown;
    const tally: Tally = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileEdits(valid), anyState), async (state) => {
        await expectAtomicLoadAsync(async () => optimizer.importState(state as never), () => optimizer.exportState(), tally);
        const tensors = tf.memory().numTensors;
        try {
          optimizer.minimize(loss, [v]);
        } catch (error) {
          expect(error).toBeInstanceOf(DescentError);
        }
        expect(tf.memory().numTensors).toBe(tensors);
        expect(Array.from(v.dataSync()).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 60, seed: 13 },
    );
    expect(tally.refused).toBeGreaterThan(0);
    v.dispose();
  });
});
