/**
 * The browser machinery on its own (Chromium, no tfjs): finding Chromium, the local server,
 * bundling, and a browser target's protocol, errors, timeouts and fresh pages.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePage, chromiumExecutable, createBrowserTarget, launchChromium, serveFiles, type Chromium } from '../src/browser';
import type { OptimizerCase } from '../src/format';
import { runOptimizerCase } from '../src/runner';

const echoPage = join(__dirname, 'fixtures', 'echo-page.ts');
const caseWithId = (id: string): OptimizerCase => ({
  id,
  optimizer: { type: 'sgd' },
  params: [{ shape: [2], values: [1, 2] }],
  grads: [[[0.5, Infinity]]],
  expected: [[[0.5, -1e30]]],
});

test('chromiumExecutable: $DESCENT_CHROMIUM, else chromium on PATH, else an error saying what to install', () => {
  expect(chromiumExecutable({ DESCENT_CHROMIUM: '/opt/chrome' })).toBe('/opt/chrome');
  const dir = mkdtempSync(join(tmpdir(), 'descent-path-'));
  writeFileSync(join(dir, 'chromium'), '#!/bin/sh\n');
  chmodSync(join(dir, 'chromium'), 0o755);
  expect(chromiumExecutable({ PATH: `/nowhere:${dir}` })).toBe(join(dir, 'chromium'));
  expect(() => chromiumExecutable({ PATH: '/nowhere' })).toThrow(/DESCENT_CHROMIUM = undefined is invalid: expected the path of a Chromium executable, or `chromium` on PATH .* apt-get install chromium/);
});

test('serveFiles: 127.0.0.1, the files with their content types, 404 otherwise', async () => {
  const server = await serveFiles({ '/index.html': '<p>hi</p>', '/a.js': 'x' });
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(server.url);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toBe('<p>hi</p>');
    expect((await fetch(`${server.url}a.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
  } finally {
    await server.close();
  }
});

test('bundlePage refuses a Node built-in, naming it and the file', async () => {
  await expect(bundlePage(join(__dirname, 'fixtures', 'node-builtin-page.ts'))).rejects.toThrow(/entry = ".*node-builtin-page\.ts" is invalid: expected a page script esbuild can bundle \(it cannot: Could not resolve "node:fs"/);
});

describe('a browser target', () => {
  let browser: Chromium;
  beforeAll(async () => {
    browser = await launchChromium({ gpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('runs cases in the page and returns plain arrays (Infinity and large values intact)', async () => {
    const target = await createBrowserTarget({ name: 'echo', entry: echoPage, browser, options: { n: 1 } });
    try {
      expect(target.name).toBe('echo {"n":1}');
      expect(target.precision).toBe('float32');
      expect(target.runAugmentCase).toBeUndefined();
      const run = await target.runOptimizerCase!(caseWithId('a'));
      expect(run.params).toEqual([[[0.5, Math.fround(-1e30)]]]);
      expect(Array.isArray(run.params[0][0])).toBe(true);
      expect(run.learningRates).toEqual([0.5, Infinity]);
      expect((await runOptimizerCase(target, caseWithId('b'))).passed).toBe(true);
    } finally {
      await target.dispose!();
    }
  });

  test('a case that throws fails with its message and what the page logged; the next case gets a fresh page', async () => {
    const target = await createBrowserTarget({ name: 'echo', entry: echoPage, browser });
    try {
      await target.runOptimizerCase!(caseWithId('a'));
      expect((await target.runOptimizerCase!(caseWithId('a'))).losses).toEqual([2]);
      await expect(target.runOptimizerCase!(caseWithId('throws'))).rejects.toThrow('thrown in the page [page: console.error: about to throw]');
      expect((await target.runOptimizerCase!(caseWithId('a'))).losses).toEqual([1]);
    } finally {
      await target.dispose!();
    }
  });

  test('a case that outlasts caseTimeout fails saying so, and the target goes on', async () => {
    const target = await createBrowserTarget({ name: 'echo', entry: echoPage, browser, caseTimeout: 1000 });
    try {
      await expect(target.runOptimizerCase!(caseWithId('hangs'))).rejects.toThrow('case "hangs" took longer than 1 s');
      expect((await target.runOptimizerCase!(caseWithId('a'))).losses).toEqual([1]);
    } finally {
      await target.dispose!();
    }
  });

  test('a target the page cannot make stops with its reason and what the page offers', async () => {
    await expect(createBrowserTarget({ name: 'nope', entry: echoPage, browser })).rejects.toThrow(
      /name = "nope" is invalid: expected a target that can run in this Chromium \(it cannot: no target "nope" \(this page: WebGL2: yes; WebGPU: adapter .*; secure context: yes\)\)/,
    );
  });
});
