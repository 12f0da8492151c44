import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { catalog, entry, fromFile, fromUrl, load } from '@descent/zoo';

const models = join(__dirname, '..', 'models');
const card = JSON.parse(readFileSync(join(models, 'fashion-mnist-cnn', 'card.json'), 'utf8'));
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'fashion-mnist-test-100.json'), 'utf8'));

/** The fixture's 100 Fashion-MNIST test images as [100, 28, 28, 1] in [0, 1]. */
const fashionImages = () => tf.tensor4d(Float32Array.from(Buffer.from(fixture.images, 'base64'), (v) => v / 255), [100, 28, 28, 1]);

function accuracyOn(model: tf.LayersModel): number {
  const predicted = tf.tidy(() => (model.predict(fashionImages()) as tf.Tensor).argMax(1).dataSync());
  return predicted.filter((p, i) => p === fixture.labels[i]).length / 100;
}

/** A one-op graph model (y = x·w) in TF's converted format, as TF Hub / tensorflowjs_converter write it. */
function writeGraphModel(dir: string): void {
  const node = (name: string, op: string, attr: object, input?: string[]) => ({ name, op, attr, ...(input ? { input } : {}) });
  const topology = {
    node: [
      node('x', 'Placeholder', { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } } }),
      node('w', 'Const', { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '2' }, { size: '3' }] } } } }),
      node('y', 'MatMul', { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } }, ['x', 'w']),
    ],
    versions: { producer: 1 },
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: topology, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [2, 3], dtype: 'float32' }] }] }));
  writeFileSync(join(dir, 'w.bin'), Buffer.from(new Float32Array([1, 2, 3, 4, 5, 6]).buffer));
}

describe('@descent/zoo', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('load returns the pretrained Fashion-MNIST CNN offline, as its card describes it', async () => {
    expect(catalog.map((e) => e.name)).toEqual(['fashion-mnist-cnn']);
    const model = await load('fashion-mnist-cnn');
    expect(model).toBeInstanceOf(tf.LayersModel);
    expect(model.inputs[0].shape).toEqual([null, ...entry('fashion-mnist-cnn').inputShape]);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    expect(model.countParams()).toBe(card.parameters);
    expect(statSync(join(models, 'fashion-mnist-cnn', 'weights.bin')).size).toBe(card.weightBytes);
    expect(card.weightBytes).toBeLessThan(1 << 20);
    // Its card's test accuracy is on all 10,000 test images; these are 100 of them.
    expect(card.testAccuracy).toBeGreaterThan(0.8);
    expect(Math.abs(accuracyOn(model) - card.testAccuracy)).toBeLessThan(0.1);
    model.dispose();
  });

  test('fromFile loads any layers model.json to the same weights; a graph model comes back as a GraphModel', async () => {
    const model = (await fromFile(join(models, 'fashion-mnist-cnn', 'model.json'))) as tf.LayersModel;
    const zooModel = await load('fashion-mnist-cnn');
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(zooModel.getWeights().map((w) => Array.from(w.dataSync())));
    const dir = mkdtempSync(join(tmpdir(), 'zoo-graph-'));
    writeGraphModel(dir);
    const graph = await fromFile(join(dir, 'model.json'), { expect: 'graph' });
    expect(graph).toBeInstanceOf(tf.GraphModel);
    const y = (graph as tf.GraphModel).predict(tf.tensor2d([[1, 1], [2, 0]])) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([5, 7, 9, 2, 4, 6]);
    await expect(fromFile(join(dir, 'model.json'), { expect: 'layers' })).rejects.toThrow(/a layers model/);
    [model, zooModel].forEach((m) => m.dispose());
  });

  test('load with a baseUrl and fromUrl fetch the same artifact over HTTP (the browser path)', async () => {
    const server: Server = createServer((request, response) => {
      try {
        response.end(readFileSync(join(models, decodeURIComponent(request.url!.replace(/^\/models\//, '')))));
      } catch {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    // Node's fetch parses JSON outside jest's sandbox, whose arrays tfjs-layers' instanceof checks reject; parse it here.
    const sandboxFetch = (async (url: string, init?: RequestInit) => {
      const response = await fetch(url, init);
      const body = await response.arrayBuffer();
      return { ok: response.ok, status: response.status, statusText: response.statusText, url, json: async () => JSON.parse(Buffer.from(body).toString('utf8')), arrayBuffer: async () => body };
    }) as unknown as typeof fetch;
    try {
      const model = await load('fashion-mnist-cnn', { baseUrl: `http://127.0.0.1:${port}/models/`, fetch: sandboxFetch });
      expect(model.countParams()).toBe(card.parameters);
      expect(accuracyOn(model)).toBe(accuracyOn(await load('fashion-mnist-cnn')));
      await expect(fromUrl(`http://127.0.0.1:${port}/models/missing/model.json`, { fetch: sandboxFetch })).rejects.toThrow(/404/);
    } finally {
      server.close();
    }
  });

  test('bad names and paths are DescentErrors naming the argument', async () => {
    await expect(load('mobilenet')).rejects.toThrow(/name = "mobilenet" is invalid: .*fashion-mnist-cnn/);
    await expect(load('fashion-mnist-cnn', { baseUrl: '' })).rejects.toThrow(DescentError);
    await expect(fromFile('/nonexistent/model.json')).rejects.toThrow(/path = "\/nonexistent\/model.json" is invalid/);
    await expect(fromFile('')).rejects.toThrow(/path/);
    await expect(fromUrl('')).rejects.toThrow(/url/);
    const dir = mkdtempSync(join(tmpdir(), 'zoo-bad-'));
    writeFileSync(join(dir, 'model.json'), '{"not": "a model"}');
    await expect(fromFile(join(dir, 'model.json'))).rejects.toThrow(/a tfjs model.json/);
    writeFileSync(join(dir, 'broken.json'), '{');
    await expect(fromFile(join(dir, 'broken.json'))).rejects.toThrow(/of JSON/);
    writeFileSync(join(dir, 'lonely.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }));
    await expect(fromFile(join(dir, 'lonely.json'))).rejects.toThrow(/gone.bin/);
    await expect(fromFile(join(models, 'fashion-mnist-cnn', 'model.json'), { expect: 'onnx' as never })).rejects.toThrow(/expect/);
  });
});
