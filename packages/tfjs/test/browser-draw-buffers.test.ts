/**
 * The one-draw webgl update (gpu/webgl-draw-buffers.ts), in headless Chromium (WebGL2 on
 * SwiftShader): every rule of the registry takes 6 steps on two variables (one with an odd
 * column count, so packed textures are padded) with gradients uploaded from the CPU each
 * step. Checked for each: the steps wrote all of a rule's outputs (parameter and changed
 * slots) in one draw per variable — drawBuffers with that many attachments, once per
 * variable per step, the first included (slots start as packed textures, the layout the
 * draw reads) — and the values equal those of the tf-ops path
 * on the same backend within float32 rounding. Rules that read per-tensor sums (lamb, lars,
 * adafactor, muon) take one tfjs program per output instead, with the sums as textures.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildProgram, resolveRule, ruleTypes } from '@descent/core';
import { bundlePage, launchChromium, pageProblems, serveFiles, type Chromium, type HttpServer } from '@descent/conformance/browser';
import type { DrawBuffersPage, DrawBuffersReport } from './fixtures/draw-buffers-page';
import { RULES } from './helpers';

const STEPS = 6;
/** The ranks of the page's two variables ([16, 33] and [5]). */
const RANKS = [2, 1];
const HTML = '<!doctype html><meta charset="utf-8"><title>descent draw buffers</title><link rel="icon" href="data:,"><script src="page.js"></script>\n';

let browser: Chromium;
let server: HttpServer;
let page: Page;
let problems: string[] = [];


beforeAll(async () => {
  const script = await bundlePage(join(__dirname, 'fixtures', 'draw-buffers-page.ts'));
  server = await serveFiles({ '/index.html': HTML, '/page.js': script });
  browser = await launchChromium({ gpu: true });
  page = await browser.newPage();
  problems = pageProblems(page);
  await page.goto(server.url);
  await page.evaluate(() => (Reflect.get(globalThis, 'descentDrawBuffers') as DrawBuffersPage).setup());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('webgl: every output of a rule in one draw (headless Chromium, SwiftShader)', () => {
  test.each(ruleTypes.map((type) => [type]))('%s', async (type) => {
    const rule = RULES[type];
    const resolved = resolveRule(rule);
    // The variables are a matrix and a vector (RANKS); a rule's program can depend on the rank (muon).
    const programs = RANKS.map((rank) => buildProgram(resolved.definition, resolved.hyperparameters, rank));
    const drawn = programs.filter((program) => program.reduction === null && program.slotOutputs.some((at) => at !== null));
    const report: DrawBuffersReport = await page.evaluate(([r, steps]) => (Reflect.get(globalThis, 'descentDrawBuffers') as DrawBuffersPage).run(r, steps), [rule, STEPS] as const);
    expect(report.executedOn).toBe('gpu');
    expect(report.multiDraws).toBe(STEPS * drawn.length);
    if (drawn.length > 0) expect(report.mostAttachments).toBe(Math.max(...drawn.map((program) => 1 + program.slotOutputs.filter((at) => at !== null).length)));
    report.gpu.forEach((values, v) => {
      values.forEach((x, k) => {
        const expected = report.ops[v][k];
        expect(Math.abs(x - expected)).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(expected));
      });
    });
  });

  test('no errors or warnings in the page', () => {
    expect(problems).toEqual([]);
  });
});
