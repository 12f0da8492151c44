/**
 * examples/augment-detection: every kept box holds its digit's mask pixels (the targets moved
 * with the image), and the page it writes renders in headless Chromium with no error, one
 * canvas per sample and every kept box drawn.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, type Chromium } from '@descent/conformance/browser';

interface Sample {
  height: number;
  width: number;
  mask: number[];
  boxes: number[];
  labels: string[];
  keypoints: number[];
  dropped: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const example = require('../augment-detection') as { samples(count: number, seed: number): Sample[]; page(data: Sample[]): string };

let browser: Chromium;
beforeAll(async () => {
  browser = await launchChromium({ gpu: false });
});
afterAll(async () => {
  await browser?.close();
});

test('has a README', () => {
  expect(existsSync(join(__dirname, '..', 'augment-detection', 'README.md'))).toBe(true);
});

test('each kept box encloses mask pixels of its own digit; boxes cropped away are dropped with their labels', () => {
  const data = example.samples(12, 3);
  let kept = 0;
  for (const s of data) {
    expect(s.labels.length * 4).toBe(s.boxes.length);
    expect(s.labels.length + s.dropped).toBe(4);
    for (let k = 0; k < s.labels.length; k++) {
      const [x0, y0, x1, y1] = s.boxes.slice(k * 4, k * 4 + 4);
      let inside = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) for (let x = Math.floor(x0); x < Math.ceil(x1); x++) if (s.mask[y * s.width + x] === Number(s.labels[k]) + 1) inside++;
      expect(inside).toBeGreaterThan(0);
      kept++;
    }
  }
  expect(kept).toBeGreaterThan(24); // most survive, some are cropped away
  expect(kept).toBeLessThan(48);
});

test('the page renders in Chromium: one canvas per sample, every kept box drawn, no errors', async () => {
  const data = example.samples(5, 7);
  const path = join(mkdtempSync(join(tmpdir(), 'augment-detection-')), 'page.html');
  writeFileSync(path, example.page(data));
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await page.goto(`file://${path}`);
    await page.waitForFunction(() => document.body.dataset.state === 'done', undefined, { timeout: 30_000 });
    expect(problems).toEqual([]);
    expect(await page.locator('canvas').count()).toBe(5);
    expect(Number(await page.evaluate(() => document.body.dataset.boxes))).toBe(data.reduce((n, s) => n + s.labels.length, 0));
    // the first kept box's outline is drawn in its colour (hue 0: red dominant) on the canvas
    const first = data.findIndex((s) => s.labels.length > 0);
    const [x0, y0, x1] = data[first].boxes.map((v) => v * 4);
    const rgb = await page.evaluate(
      ([index, x, y]) => Array.from((document.querySelectorAll('canvas')[index] as HTMLCanvasElement).getContext('2d')!.getImageData(x, y, 1, 1).data),
      [first, Math.round((x0 + x1) / 2), Math.round(y0)] as const,
    );
    expect(rgb[0]).toBeGreaterThan(rgb[1] + 60); // antialiased edges blend with the image, the hue stays
    expect(rgb[0]).toBeGreaterThan(rgb[2] + 60);
  } finally {
    await page.close();
  }
});
