/**
 * examples/tfjs-browser at a small size, in headless Chromium (WebGL2 and WebGPU on
 * SwiftShader): 2 epochs of 500 digits (50 per class) on webgl, and with the backend left to
 * the page ("auto", which takes webgpu when the browser has it). The page must report no
 * error, train on the GPU (the optimizer's executedOn is "gpu"), lower the loss and draw it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, type Chromium } from '@descent/conformance/browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer } = require('../tfjs-browser/server') as {
  startServer(options: { perDigit: number; testPerDigit: number }): Promise<{ url: string; close(): Promise<void> }>;
};

let browser: Chromium;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ perDigit: 50, testPerDigit: 20 }), launchChromium({ gpu: true })]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('has a README', () => {
  expect(existsSync(join(__dirname, '..', 'tfjs-browser', 'README.md'))).toBe(true);
});

test.each([
  ['webgl', 'webgl'],
  ['auto', 'webgpu'],
])('?backend=%s trains on %s: no errors, the loss goes down and is plotted, the optimizer runs on the GPU', async (asked, backend) => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  try {
    await page.goto(`${server.url}?epochs=2&backend=${asked}`);
    await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('status')?.dataset.state ?? ''), undefined, { timeout: 90_000 });
    const status = await page.locator('#status').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    expect(problems).toEqual([]);
    expect(status).toMatchObject({ state: 'done', backend, executedOn: 'gpu', steps: String(2 * Math.ceil(500 / 32)) });
    // The loss starts near ln 10 ≈ 2.3 (ten classes at chance) and at least halves in 32 steps.
    expect(Number(status.firstLoss)).toBeGreaterThan(1.5);
    expect(Number(status.lastLoss)).toBeLessThan(Number(status.firstLoss) / 2);
    expect(Number(status.testAccuracy)).toBeGreaterThan(0.5);
    const plotted = await page.locator('#plot polyline.raw').evaluate((line) => ({ count: line.getAttribute('data-count'), points: (line.getAttribute('points') ?? '').trim().split(/\s+/).length }));
    expect(plotted).toEqual({ count: status.steps, points: Number(status.steps) });
    expect(await page.locator('#executed-on').textContent()).toBe('gpu');
  } finally {
    await page.close();
  }
});
