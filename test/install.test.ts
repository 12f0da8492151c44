/**
 * descent as users install it: `npm pack` of every package, the tarballs installed into a
 * fresh app with @tensorflow/tfjs and brain.js (from the npm cache: `--prefer-offline`), then
 * the fixtures in test/install/ run there as a user's code would:
 * - cjs.cjs (require) and esm.mjs (import) do the same work with every package and must
 *   print the numbers the workspace sources give here, each from its own build;
 * - `tsc --strict` (no skipLibCheck) on types.cts and types.mts, which import every entry
 *   point. Errors inside brain.js's and tfjs-layers' own typings are excepted (see
 *   THIRD_PARTY_TYPINGS); any other error fails;
 * - an app bundled for the browser by esbuild twice, with descent's adam and with
 *   tf.train.adam: descent may add at most BUDGET_GZIP bytes gzipped, takes every package's
 *   ES build and no Node built-in, and trains in Chromium on WebGL.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import * as tf from '@tensorflow/tfjs';
import * as core from '@descent/core';
import * as tfjs from '@descent/tfjs';
import * as augment from '@descent/augment';
import * as augmentTfjs from '@descent/augment/tfjs';
import { train } from '@descent/brain';
import { NeuralNetwork } from 'brain.js';
import { launchChromium } from '@descent/conformance/browser';
import { runInPage } from './page';

const root = join(__dirname, '..');
const fixtures = join(__dirname, 'install');
const PACKAGES = ['core', 'conformance', 'tfjs', 'brain', 'augment', 'zoo'];
/** What descent may add to a browser app that trains with tf.train.adam, gzipped. */
const BUDGET_GZIP = 60 * 1024;
/**
 * Typings with errors of their own under `--strict` without skipLibCheck, whoever imports
 * them: brain.js 2.0.0-beta.24 (NeuralNetworkGPU's fields do not match NeuralNetwork's) and
 * tfjs-layers 4.22 (LayersModel against InferenceModel, the keras_format configs against
 * PyJsonValue). Not descent's to fix; users of `--strict` need skipLibCheck for them.
 */
const THIRD_PARTY_TYPINGS = /^node_modules\/(brain\.js|@tensorflow\/tfjs-layers)\//;

const version = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });

interface Packed { name: string; filename: string; files: { path: string }[] }

let app: string;
let packed: Packed[];
/** tsc's output on the app, started once the app is installed (it runs while the other tests do). */
let typeCheck: Promise<string>;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'descent-install-'));
  const tarballs = join(app, 'tarballs');
  mkdirSync(tarballs);
  packed = JSON.parse(run('npm', ['pack', '--workspaces', '--json', '--pack-destination', tarballs], root)) as Packed[];
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(app, file));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'descent-user', version: '1.0.0', private: true }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund',
    ...packed.map((p) => join(tarballs, p.filename)),
    `@tensorflow/tfjs@${version('@tensorflow/tfjs')}`, `brain.js@${version('brain.js')}`,
    // the browser targets' types (@descent/*/conformance) name playwright-core, an optional peer
    `playwright-core@${version('playwright-core')}`], app);
  const tsc = [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--listFiles'];
  // tsc exits 2 on the third-party errors: its stdout is the output either way
  typeCheck = new Promise((resolve) => execFile(process.execPath, tsc, { cwd: app, encoding: 'utf8', maxBuffer: 64 << 20 }, (_, stdout) => resolve(stdout)));
}, 240_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

test('every tarball has its LICENSE, a repository, and the @descent packages at caret ranges', () => {
  expect(packed.map((p) => p.name).sort()).toEqual(PACKAGES.map((p) => `@descent/${p}`).sort());
  for (const { name, files } of packed) {
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
    expect(readFileSync(join(app, 'node_modules', name, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(manifest.repository).toMatchObject({ type: 'git', directory: `packages/${name.slice('@descent/'.length)}` });
    const ranges = Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies }).filter(([dep]) => dep.startsWith('@descent/'));
    for (const [, range] of ranges) expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
  }
});

describe('Node', () => {
  /** The fixtures' work, done here on the workspace sources: what both builds must print. */
  let expected: unknown;
  beforeAll(async () => {
    await tf.ready();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const work = require('./install/work.cjs') as (modules: object) => Promise<unknown>;
    expected = await work({ tf, core, tfjs, brain: { NeuralNetwork, train }, augment, augmentTfjs });
  });

  test.each([
    ['CommonJS', 'cjs.cjs', /\/node_modules\/@descent\/[a-z]+\/dist\/(index|tfjs)\.js$/],
    ['ES modules', 'esm.mjs', /^file:\/\/.*\/node_modules\/@descent\/[a-z]+\/dist\/esm\/(index|tfjs)\.mjs$/],
  ])('%s: %s runs every package from its build, with the numbers of the sources', (_, script, build) => {
    const { resolved, result } = JSON.parse(run(process.execPath, [script], app).trim().split('\n').pop() ?? '') as { resolved: string[]; result: Record<string, unknown> };
    for (const path of resolved) expect(path).toMatch(build);
    expect(result).toEqual(expected);
    expect(result.registered).toBe(true);
    const [w0, w1] = result.tfjs as number[];
    const [c0, c1] = result.core as number[];
    expect(Math.abs(w0 - c0) + Math.abs(w1 - c1)).toBeLessThan(1e-6);
  });

  test('descent-conformance runs from the installed bin, with the tfjs target from @descent/tfjs/conformance', () => {
    const vectors = join(app, 'node_modules', '@descent', 'conformance', 'vectors', 'optimizers', 'averaging.json');
    const out = run(join(app, 'node_modules', '.bin', 'descent-conformance'), ['--target', 'tfjs', vectors], app);
    expect(out).toMatch(/^(\d+) passed, 0 failed$/m);
  });
});

describe('browser', () => {
  /** Bundles an entry of the app for the browser, minified, as a user's bundler would. */
  const bundle = async (entry: string) => {
    const result = await build({ entryPoints: [join(app, entry)], absWorkingDir: app, bundle: true, minify: true, write: false, platform: 'browser', format: 'esm', target: 'es2022', metafile: true, logLevel: 'silent' });
    const text = result.outputFiles[0].text;
    return { text, bytes: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length, metafile: result.metafile };
  };
  let descent: Awaited<ReturnType<typeof bundle>>;
  let tfOnly: Awaited<ReturnType<typeof bundle>>;
  beforeAll(async () => {
    [descent, tfOnly] = await Promise.all([bundle('browser-descent.mjs'), bundle('browser-tf.mjs')]);
    const output = Object.values(descent.metafile.outputs)[0];
    const own = Object.entries(output.inputs).filter(([path]) => path.includes('node_modules/@descent/')).reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
    console.log(`browser app with descent's adam: ${descent.bytes} B minified, ${descent.gzip} B gzip (descent's own code ${own} B minified); with tf.train.adam: ${tfOnly.bytes} B, ${tfOnly.gzip} B gzip; descent adds ${descent.gzip - tfOnly.gzip} B gzip`);
  });

  const imports = (metafile: Metafile) => Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));

  test(`descent adds at most ${BUDGET_GZIP} B gzip to an app using tf.train`, () => {
    expect(descent.gzip - tfOnly.gzip).toBeLessThanOrEqual(BUDGET_GZIP);
  });

  test('the bundle takes the ES builds of descent and tfjs, and no Node built-in', () => {
    const inputs = Object.keys(descent.metafile.inputs);
    const ours = inputs.filter((p) => p.includes('node_modules/@descent/'));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((p) => !/\/dist\/esm\/.*\.mjs$/.test(p))).toEqual([]);
    expect(inputs.filter((p) => /@tensorflow\/.*\.node\.js$/.test(p))).toEqual([]);
    expect(imports(descent.metafile).filter((p) => builtinModules.includes(p.replace(/^node:/, '')))).toEqual([]);
  });

  test('the bundle trains in Chromium on WebGL, on the GPU programs', async () => {
    const browser = await launchChromium({ gpu: true });
    try {
      const { result, problems } = await runInPage(browser, descent.text, '<script type="module" src="bundle.js"></script>');
      expect(problems).toEqual([]);
      const { backend, executedOn, loss } = result as { backend: string; executedOn: string; loss: number[] };
      expect({ backend, executedOn }).toEqual({ backend: 'webgl', executedOn: 'gpu' });
      expect(loss).toHaveLength(100);
      expect(loss[99]).toBeLessThan(loss[0] * 0.8);
    } finally {
      await browser.close();
    }
  });
});

test('tsc --strict without skipLibCheck: no error in descent\'s types, from CommonJS or ES modules', async () => {
  const lines = (await typeCheck).split('\n');
  // the files it checked: the fixtures and every entry's declarations, through the exports map
  for (const checked of ['types.cts', 'types.mts', 'core/dist/index.d.ts', 'tfjs/dist/conformance.d.ts', 'augment/dist/tfjs.d.ts', 'conformance/dist/index.d.ts', 'zoo/dist/index.d.ts']) {
    expect(lines.some((line) => line.endsWith(checked))).toBe(true);
  }
  const errors = lines.filter((line) => /^\S.*error TS\d+/.test(line));
  expect(errors.filter((line) => !THIRD_PARTY_TYPINGS.test(line))).toEqual([]);
}, 240_000);
