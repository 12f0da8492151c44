/**
 * Memory on the GPU backends, in headless Chromium (WebGL2 and WebGPU on SwiftShader):
 * every rule of the registry, alone and with each gradient transform and each averaging
 * mode, is created, takes 100 steps on two small variables ([8, 4] and [4]) and is
 * disposed, in one page per backend. Checked for each:
 * - numTensors after dispose() equals its value before the optimizer existed, and does not
 *   grow from step 50 to step 100;
 * - the GPU bytes in use (tf.memory().numBytesInGPU, on webgl and on webgpu alike) do not
 *   grow from step 50 to step 100. (Not the bytes allocated, numBytesInGPUAllocated on
 *   webgl and numBytesAllocatedInGPU on webgpu: those count the backend's pool of free
 *   textures and buffers too, whose high-water mark depends on how many asynchronous reads
 *   are in flight, as skipNonFinite's are);
 * - the GPU bytes in use are back at their start once the optimizer and the variables are
 *   disposed. (The bytes are compared with the variables gone because webgl counts a
 *   texture by its shape, and an uploaded variable's texture is unpacked while the one a
 *   step writes is packed: the same variable counts differently before and after.)
 * With skipNonFinite, step 30 has a NaN in a gradient: the variables, the step count and
 * every tensor's state (slots, averages, per-tensor counters) are exactly as before it,
 * and skippedSteps is 1. The same with skipNonFinite's guardResult, for a NaN and for a
 * finite gradient of 1e30 whose square overflows the rule's second moment.
 * Snapshots are taken after `settled()` and a read that lets webgpu release what its
 * command queue held.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ruleTypes, type FirstOrderRuleConfig } from '@descent/core';
import type { DescentOptions } from '@descent/tfjs';
import type { MemoryCase, MemoryPage, MemoryReport } from './fixtures/memory-page';
import { servePage } from './browser-page';
import { RULES } from './helpers';

const STEPS = 100;
const NAN_AT = 30;

/** Each transform and each averaging mode, one at a time ('alone': neither). */
const OPTIONS: [string, DescentOptions][] = [
  ['alone', {}],
  ['clipByValue', { transforms: [{ type: 'clipByValue', clipValue: 0.5 }] }],
  ['clipByGlobalNorm', { transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }] }],
  ['l1', { transforms: [{ type: 'l1', strength: 0.01 }] }],
  ['l2', { transforms: [{ type: 'l2', strength: 0.01 }] }],
  ['skipNonFinite', { transforms: [{ type: 'skipNonFinite' }] }],
  ['accumulate', { transforms: [{ type: 'accumulate', steps: 3 }] }],
  ['ema', { average: { type: 'ema', decay: 0.9 } }],
  ['polyak', { average: { type: 'polyak' } }],
];

const GUARD_RESULT: DescentOptions = { transforms: [{ type: 'skipNonFinite', guardResult: true }], average: { type: 'ema', decay: 0.9 } };

const CASES: MemoryCase[] = [
  ...ruleTypes.flatMap((type) =>
    OPTIONS.map(([name, options]): MemoryCase => ({
      id: `${type} ${name}`,
      rule: RULES[type] ?? ({ type } as FirstOrderRuleConfig), // the exercised hyperparameters of the tfjs tests, else the defaults
      options,
      steps: STEPS,
      ...(name === 'skipNonFinite' ? { nanAt: NAN_AT } : {}),
    })),
  ),
  { id: 'adam guardResult + ema, a NaN gradient', rule: RULES.adam, options: GUARD_RESULT, steps: STEPS, nanAt: NAN_AT },
  { id: 'adam guardResult + ema, a gradient of 1e30', rule: RULES.adam, options: GUARD_RESULT, steps: STEPS, nanAt: NAN_AT, badValue: 1e30 },
  { id: 'rmsprop guardResult + ema, a gradient of 1e30', rule: { type: 'rmsprop', learningRate: 0.01, momentum: 0.5 }, options: GUARD_RESULT, steps: STEPS, nanAt: NAN_AT, badValue: 1e30 },
];

const served = servePage(join(__dirname, 'fixtures', 'memory-page.ts'), 'descent memory');

describe.each(['webgl', 'webgpu'])('%s (headless Chromium, SwiftShader)', (backend) => {
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    ({ page, problems } = await served.open(['error', 'warning']));
    expect(await page.evaluate((b) => (globalThis as unknown as { descentMemory: MemoryPage }).descentMemory.use(b), backend)).toBe(backend);
  });

  afterAll(async () => {
    await page?.close();
  });

  test.each(CASES.map((c) => [c.id, c] as const))('%s: 100 steps, then dispose, leave tf.memory() as it was', async (_id, c) => {
    const report: MemoryReport = await page.evaluate((mc) => (globalThis as unknown as { descentMemory: MemoryPage }).descentMemory.run(mc), c);
    expect(report.backend).toBe(backend);
    expect(report.executedOn).toBe('gpu');
    // Tensors: steady between step 50 and 100; back at the start after dispose(), and at zero growth once the variables go.
    expect(report.full.tensors).toBe(report.half.tensors);
    expect(report.disposed.tensors).toBe(report.start.tensors);
    expect(report.end.tensors).toBe(report.before.tensors);
    // GPU bytes in use: a number the backend reports, steady between step 50 and 100, back at the start after everything is disposed.
    expect(report.before.bytes).toBeGreaterThanOrEqual(0);
    expect(report.half.bytes).toBeGreaterThan(report.before.bytes); // the variables and the state are on the GPU, and counted
    expect(report.full.bytes).toBe(report.half.bytes);
    expect(report.end.bytes).toBe(report.before.bytes);
    if (c.nanAt !== undefined) {
      expect(report.nan).toBeDefined();
      expect(report.nan?.skippedSteps).toBe(1);
      expect(report.nan?.valuesAfter).toEqual(report.nan?.valuesBefore);
      expect(report.nan?.stateAfter).toBe(report.nan?.stateBefore);
    }
  });

  test('no errors or warnings in the page', () => {
    expect(problems).toEqual([]);
  });
});
