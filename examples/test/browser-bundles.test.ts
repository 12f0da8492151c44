/**
 * Every package as a browser user gets it: an entry that imports the package by name (from
 * its built `dist`, resolved through node_modules as in a user's project) is bundled by
 * esbuild for platform "browser", as a classic script (IIFE) and as an ES module, and run in
 * headless Chromium (WebGL2 on SwiftShader). A Node built-in pulled in by any module fails
 * the bundle (esbuild cannot resolve `fs` or `node:path` for the browser); a bundle that
 * throws or logs an error or a warning in the page fails the test. Each entry also does a
 * little work whose numbers are checked, against the same call in Node where it has one.
 *
 * "As an ES module" means an entry written with `import` and bundled to `format: "esm"`,
 * loaded with `<script type="module">`; either way esbuild takes each package's ES build
 * (its `browser` export condition), as test/install.test.ts checks on the packed tarballs.
 * Entries that are Node-only by design (the conformance runner and the Node side of the
 * browser targets) are checked to be refused, naming the built-in.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Format, type Metafile } from 'esbuild';
import { NeuralNetwork } from 'brain.js';
import { createOptimizer, Random, ruleTypes } from '@descent/core';
import { compose, imageBatch, randomHorizontalFlip, randomResizedCrop } from '@descent/augment';
import { train } from '@descent/brain';
import { launchChromium, type Chromium } from '@descent/conformance/browser';
import { runInPage } from '../../test/page';

const root = join(__dirname, '..', '..');

/** A little work done with each package; the same code runs in Node below (`inNode`) where it can. */
const WORK = {
  core: `
    const w = new Float32Array([1, -2]);
    const optimizer = createOptimizer({ rule: { type: 'adam', learningRate: 0.1 }, transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }] });
    for (let k = 0; k < 3; k++) optimizer.step([{ name: 'w', values: w }], [new Float32Array([0.5, 1 + k])]);
    return { w: Array.from(w), rules: ruleTypes.length, random: new Random(7).nextFloat() };`,
  augment: `
    const pipeline = compose([randomResizedCrop({ size: 6, scale: [0.5, 1] }), randomHorizontalFlip()]);
    const out = pipeline.apply(imageBatch(new Uint8Array(2 * 10 * 10 * 3).map((_, i) => i % 251), [2, 10, 10, 3]), new Random(42));
    return { shape: [out.count, out.height, out.width, out.channels], data: Array.from(out.data) };`,
  brain: `
    const net = new NeuralNetwork({ inputSize: 2, hiddenLayers: [3], outputSize: 1 });
    const data = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]].map(([a, b, y]) => ({ input: [a, b], output: [y] }));
    const status = train(net, data, { iterations: 50, optimizer: { type: 'adam', learningRate: 0.05 }, batchSize: 2, seed: 3 });
    return { iterations: status.iterations, error: status.error, output: Array.from(net.run([1, 0])) };`,
};

/** What WORK computes in Node (jest maps the packages to their sources: the same code as dist). */
function inNode(work: string): unknown {
  const scope = { createOptimizer, Random, ruleTypes, compose, imageBatch, randomHorizontalFlip, randomResizedCrop, NeuralNetwork, train };
  return new Function(...Object.keys(scope), work)(...Object.values(scope));
}

/** Each browser entry: its imports, and the body of the async function whose result the page reports. */
const ENTRIES: { name: string; source: string; expect: (result: Record<string, unknown>) => void }[] = [
  {
    name: '@descent/core',
    source: `import { createOptimizer, Random, ruleTypes } from '@descent/core';\nasync function work() {${WORK.core}\n}`,
    expect: (result) => expect(result).toEqual(inNode(WORK.core)),
  },
  {
    name: '@descent/tfjs',
    source: `import * as tf from '@tensorflow/tfjs';
      import { sgd } from '@descent/tfjs';
      async function work() {
        if (!(await tf.setBackend('webgl'))) throw new Error('no webgl');
        const w = tf.variable(tf.tensor1d([1, -2]), true, 'w');
        const optimizer = sgd({ learningRate: 0.1, momentum: 0.9 });
        for (let k = 0; k < 2; k++) optimizer.applyGradients({ w: tf.tensor1d([0.5, 1]) });
        return { backend: tf.getBackend(), executedOn: optimizer.executedOn, w: Array.from(await w.data()) };
      }`,
    // sgd with momentum 0.9: velocities g, then 1.9 g; w − 0.1·(g + 1.9 g) = w − 0.29 g.
    expect: (result) => {
      expect(result).toMatchObject({ backend: 'webgl', executedOn: 'gpu' });
      const w = result.w as number[];
      expect(w[0]).toBeCloseTo(1 - 0.29 * 0.5, 6);
      expect(w[1]).toBeCloseTo(-2 - 0.29, 6);
    },
  },
  {
    name: '@descent/brain',
    source: `import { NeuralNetwork } from 'brain.js';\nimport { train } from '@descent/brain';\nasync function work() {${WORK.brain}\n}`,
    expect: (result) => {
      const node = inNode(WORK.brain) as { iterations: number; error: number; output: number[] };
      expect(result.iterations).toBe(50);
      expect(result.error).toBeCloseTo(node.error, 12);
      (result.output as number[]).forEach((v, i) => expect(v).toBeCloseTo(node.output[i], 12));
    },
  },
  {
    name: '@descent/augment',
    source: `import { Random } from '@descent/core';\nimport { compose, imageBatch, randomHorizontalFlip, randomResizedCrop } from '@descent/augment';\nasync function work() {${WORK.augment}\n}`,
    expect: (result) => expect(result).toEqual(inNode(WORK.augment)),
  },
  {
    name: '@descent/augment/tfjs',
    source: `import * as tf from '@tensorflow/tfjs';
      import { applyOpsToTensor } from '@descent/augment/tfjs';
      async function work() {
        if (!(await tf.setBackend('webgl'))) throw new Error('no webgl');
        const x = tf.tensor4d([0, 0.25, 0.5, 1], [1, 2, 2, 1]);
        return { backend: tf.getBackend(), flipped: Array.from(await applyOpsToTensor(x, [{ type: 'flipLeftRight' }]).data()) };
      }`,
    expect: (result) => expect(result).toEqual({ backend: 'webgl', flipped: [0.25, 0, 1, 0.5] }),
  },
  {
    name: '@descent/conformance/page',
    source: `import { exposeTarget, PAGE_GLOBAL } from '@descent/conformance/page';
      async function work() {
        exposeTarget((name) => ({ name, precision: 'float32', runOptimizerCase: async (c) => ({ params: [[Float32Array.from(c.params[0].values)]] }) }));
        const api = globalThis[PAGE_GLOBAL];
        const info = await api.start('echo', {});
        const run = await api.run('optimizer', { id: 'x', optimizer: { type: 'sgd' }, params: [{ shape: [2], values: [1, 2] }], grads: [], expected: [] });
        return { info, run };
      }`,
    expect: (result) =>
      expect(result).toEqual({
        info: { ok: true, value: { name: 'echo', precision: 'float32', runs: { optimizer: true, augment: false } } },
        run: { ok: true, value: { params: [[[1, 2]]] } },
      }),
  },
];

/** Node's built-in modules, with and without the `node:` prefix. */
const isBuiltin = (path: string) => builtinModules.includes(path.replace(/^node:/, ''));

/** The message esbuild gives for a Node built-in it cannot bundle for the browser. */
const BUILTIN_ERROR = new RegExp(`Could not resolve "(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})"`);

/** Entries that run in Node only, by design (they read vector files, serve pages, drive Chromium). */
const NODE_ONLY = ['@descent/conformance', '@descent/tfjs/conformance', '@descent/augment/conformance'];

/** Bundles an entry's source as a user's project would (resolved from the repository root's node_modules). */
async function bundle(source: string, format: Format): Promise<{ text: string; metafile: Metafile }> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    write: false,
    platform: 'browser',
    format,
    target: 'es2022',
    logLevel: 'silent',
    metafile: true,
  });
  return { text: result.outputFiles[0].text, metafile: result.metafile };
}

/** The page-side wrapper: runs `work()` and leaves its promise on a global. */
const withReport = (source: string) => `${source}\nglobalThis.bundleCheck = work();\n`;

const FORMATS: [Format, string][] = [
  ['iife', '<script src="bundle.js"></script>'],
  ['esm', '<script type="module" src="bundle.js"></script>'],
];

const bundles = new Map<string, { text: string; metafile: Metafile }>();
let browser: Chromium;

beforeAll(async () => {
  const made = await Promise.all(ENTRIES.flatMap((e) => FORMATS.map(async ([format]) => [`${e.name} ${format}`, await bundle(withReport(e.source), format)] as const)));
  for (const [key, value] of made) bundles.set(key, value);
  browser = await launchChromium({ gpu: true });
});

afterAll(async () => {
  await browser?.close();
});

describe.each(ENTRIES)('$name', (entry) => {
  test('bundles for the browser with no Node built-in', () => {
    for (const [format] of FORMATS) {
      const { metafile } = bundles.get(`${entry.name} ${format}`) ?? { metafile: { inputs: {}, outputs: {} } };
      const inputs = Object.keys(metafile.inputs);
      // From the built dist (the package's `main`/`exports`), never its TypeScript sources.
      expect(inputs.filter((p) => /packages\/[a-z]+\/src\//.test(p))).toEqual([]);
      expect(inputs.some((p) => /packages\/[a-z]+\/dist\//.test(p))).toBe(true);
      expect(inputs.filter(isBuiltin)).toEqual([]);
    }
  });

  test.each(FORMATS)('loads and works in Chromium as %s', async (format, tag) => {
    const built = bundles.get(`${entry.name} ${format}`);
    if (built === undefined) throw new Error(`no ${format} bundle of ${entry.name}`);
    const { result, problems } = await runInPage(browser, built.text, tag);
    expect(problems).toEqual([]);
    entry.expect(result as Record<string, unknown>);
  });
});

test.each(NODE_ONLY)('%s is Node only: bundling it for the browser fails, naming a built-in', async (name) => {
  await expect(bundle(`import * as m from '${name}';\nglobalThis.m = m;\n`, 'iife')).rejects.toThrow(BUILTIN_ERROR);
});
