/**
 * augmentTensor's batched path on the GPU backends, in headless Chromium (WebGL2 and
 * WebGPU on SwiftShader): for each pipeline and batch size, the batch equals each image's
 * recorded ops applied alone through the tf-ops path (within float32 rounding: on webgl
 * the geometry and the brightness/contrast pass run as the package's own programs, whose
 * products and sums a GPU may fuse). On webgl a geometry without fill runs none of the
 * tf-ops path's kernels (its column pass transposes; the program reads the taps directly).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bundlePage, launchChromium, pageProblems, serveFiles, type Chromium, type HttpServer } from '@descent/conformance/browser';
import type { BatchPage, BatchReport } from './fixtures/batch-page';

const HTML = '<!doctype html><meta charset="utf-8"><title>descent augment batch</title><link rel="icon" href="data:,"><script src="page.js"></script>\n';
const PIPELINES = ['bench', 'brightness', 'contrast', 'crops', 'fill', 'digits'];
/** Pipelines whose geometry has no fill (one webgl program samples them). */
const NO_FILL = ['bench', 'brightness', 'contrast', 'crops', 'digits'];

let browser: Chromium;
let server: HttpServer;

beforeAll(async () => {
  const script = await bundlePage(join(__dirname, 'fixtures', 'batch-page.ts'));
  server = await serveFiles({ '/index.html': HTML, '/page.js': script });
  browser = await launchChromium({ gpu: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(['webgl', 'webgpu'])('%s (headless Chromium, SwiftShader)', (backend) => {
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    page = await browser.newPage();
    problems = pageProblems(page);
    await page.goto(server.url);
    expect(await page.evaluate((b) => (Reflect.get(globalThis, 'descentAugmentBatch') as BatchPage).use(b), backend)).toBe(backend);
  });

  afterAll(async () => {
    await page?.close();
  });

  // On webgl also 70 images: past the 64 whose brightness/contrast factors a program takes as uniforms (then a texture).
  const cases = [...PIPELINES.flatMap((name) => [1, 7].map((count) => [name, count] as const)), ...(backend === 'webgl' ? [['bench', 70] as const] : [])];
  test.each(cases)('%s, batch of %d: each image as if augmented alone', async (name, count) => {
    const report: BatchReport = await page.evaluate(([n, c]) => (Reflect.get(globalThis, 'descentAugmentBatch') as BatchPage).run(n, c), [name, count] as const);
    expect(report.shape[0]).toBe(count);
    expect(report.maxDifference).toBeLessThanOrEqual(1e-6);
    // The tf-ops geometry transposes for its column pass; the webgl program reads the taps directly.
    if (backend === 'webgl' && NO_FILL.includes(name)) expect(report.kernels.filter((k) => k === 'Transpose')).toEqual([]);
  });

  test('no errors or warnings in the page', () => {
    expect(problems).toEqual([]);
  });
});
