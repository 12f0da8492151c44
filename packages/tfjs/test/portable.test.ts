import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Random } from '@descent/core';
import { adam, DescentAdam, DescentLbfgs, lbfgs, withoutDescent } from '../src';
import { seeded, useBackend } from './helpers';

const random = new Random(5);
const inputs = Array.from({ length: 16 }, () => seeded(random, 3));
const targets = inputs.map((r) => [Math.tanh(r[0] - r[1]) + 0.5 * r[2]]);

/** A small model trained a few epochs with `optimizer`. */
async function trained(optimizer: tf.Optimizer): Promise<tf.Sequential> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const [x, y] = [tf.tensor2d(inputs), tf.tensor2d(targets)];
  await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
  tf.dispose([x, y]);
  return model;
}

/** What `model.save(handler, { includeOptimizer: true })` writes, with `wrap` around the capturing handler. */
async function saved(model: tf.LayersModel, wrap: (handler: tf.io.IOHandler) => tf.io.IOHandler = (h) => h): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  const capture = tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  });
  await model.save(wrap(capture), { includeOptimizer: true });
  if (artifacts === undefined) throw new Error('the model saved nothing');
  return artifacts;
}

/** Loads artifacts in a new node process that requires tfjs and never descent; its output, or its error. */
function loadInPlainNode(artifacts: tf.io.ModelArtifacts): { status: number | null; output: { prediction: number[]; optimizer: string; descentModules: string[] } | null; error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'descent-portable-'));
  try {
    const { weightData, ...rest } = artifacts;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(rest));
    writeFileSync(join(dir, 'weights.bin'), Buffer.from(tf.io.concatenateArrayBuffers(weightData === undefined ? [] : [weightData].flat())));
    const script = join(__dirname, 'fixtures', 'load-without-descent.js');
    const { status, stdout, stderr } = spawnSync(process.execPath, [script, require.resolve('@tensorflow/tfjs'), dir, JSON.stringify(inputs)], { encoding: 'utf8' });
    return { status, output: status === 0 ? JSON.parse(stdout) : null, error: stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a model saved withoutDescent', () => {
  beforeAll(() => useBackend('cpu'));

  test.each([
    ['adam with a schedule and averaging', () => adam({ learningRate: 0.05, schedule: { type: 'cosine', decaySteps: 10 }, average: { type: 'ema', decay: 0.9 } })],
    ['L-BFGS', () => lbfgs({ maxIter: 3 })],
  ])('%s loads in a process that never imports descent, and predicts the same', async (_name, make) => {
    const model = await trained(make());
    const expected = Array.from((model.predict(tf.tensor2d(inputs)) as tf.Tensor).dataSync());
    const { status, output, error } = loadInPlainNode(await saved(model, withoutDescent));
    expect(status === 0 ? '' : error).toBe('');
    expect(output?.descentModules).toEqual([]);
    expect(output?.optimizer).toBe('Adagrad');
    output?.prediction.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
    model.dispose();
  });

  test('without it, that process cannot load the model (what withoutDescent is for)', async () => {
    const model = await trained(adam({ learningRate: 0.05 }));
    const { status, error } = loadInPlainNode(await saved(model));
    expect(status).toBe(1);
    expect(error).toMatch(/DescentAdam/);
    model.dispose();
  });

  test('resumes the descent optimizer exactly where descent is imported', async () => {
    const optimizer = adam({ learningRate: 0.05, schedule: { type: 'cosine', decaySteps: 10 }, groups: [{ pattern: '/bias$', weightDecay: 0 }] });
    const model = await trained(optimizer);
    const artifacts = await saved(model, withoutDescent);
    expect(artifacts.trainingConfig?.optimizer_config).toMatchObject({ class_name: 'Adagrad', config: { descentClass: { name: 'DescentAdam' } } });
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(loaded.optimizer).toBeInstanceOf(DescentAdam);
    const resumed = loaded.optimizer as DescentAdam;
    expect(resumed.getConfig()).toEqual(optimizer.getConfig());
    expect(resumed.exportState()).toEqual(optimizer.exportState());
    const lbfgsModel = await trained(lbfgs({ maxIter: 2 }));
    const lbfgsLoaded = await tf.loadLayersModel(tf.io.fromMemory(await saved(lbfgsModel, withoutDescent)));
    expect(lbfgsLoaded.optimizer).toBeInstanceOf(DescentLbfgs);
    expect((lbfgsLoaded.optimizer as DescentLbfgs).exportState()).toEqual((lbfgsModel.optimizer as DescentLbfgs).exportState());
    [model, loaded, lbfgsModel, lbfgsLoaded].forEach((m) => m.dispose());
  });

  test("leaves tfjs's own optimizers as they were", async () => {
    const model = await trained(tf.train.adagrad(0.1));
    const artifacts = await saved(model, withoutDescent);
    expect(artifacts.trainingConfig?.optimizer_config).toEqual({ class_name: 'Adagrad', config: model.optimizer.getConfig() });
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(loaded.optimizer).toBeInstanceOf(tf.AdagradOptimizer);
    expect(loaded.optimizer.getConfig()).toEqual(model.optimizer.getConfig());
    model.dispose();
    loaded.dispose();
  });
});
