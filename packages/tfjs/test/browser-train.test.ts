/**
 * `train` against tf.train on the GPU backends, in headless Chromium (WebGL2 and WebGPU on
 * SwiftShader): each factory of TRAIN_CASES runs 20 steps of the same regression both
 * ways, and train's steps run as the rule's printed GPU programs (its `formula: "tfjs"`
 * included) and stay within float32 tolerance of tf.train's.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { servePage } from './browser-page';
import type { TrainPage } from './fixtures/train-page';
import { largestDifference, regression, TRAIN_CASES, withOptions } from './train-cases';

const served = servePage(join(__dirname, 'fixtures', 'train-page.ts'), 'descent train');

describe.each(['webgl', 'webgpu'])('train reproduces tf.train on %s (headless Chromium, SwiftShader)', (backend) => {
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    ({ page, problems } = await served.open(['error']));
    expect(await page.evaluate((b) => (globalThis as unknown as { descentTrain: TrainPage }).descentTrain.use(b), backend)).toBe(backend);
  });

  afterAll(async () => {
    await page?.close();
  });

  test.each(TRAIN_CASES)('%s', async (_name, factory, args) => {
    const call = { factory, theirs: args, ours: withOptions(factory, args, { execution: 'gpu' }), problem: regression(3) };
    const { theirs, ours, executedOn } = await page.evaluate(
      (c) => (globalThis as unknown as { descentTrain: TrainPage }).descentTrain.compare(c.factory, c.theirs, c.ours, c.problem, 20),
      call,
    );
    expect(executedOn).toBe('gpu');
    expect(ours.flat().every(Number.isFinite)).toBe(true);
    expect(largestDifference(ours, theirs)).toBeLessThan(1e-5);
  });

  test('no errors in the page', () => {
    expect(problems).toEqual([]);
  });
});
