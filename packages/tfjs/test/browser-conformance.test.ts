/**
 * The conformance suite in a real browser: every committed optimizer vector
 * (packages/conformance/vectors/optimizers/*.json) through the descent optimizers on tfjs's
 * GPU backends, webgl and webgpu, in headless Chromium on SwiftShader (and the tf-ops
 * fallback forced on webgl). One Chromium for
 * this file; each target runs in its own page. One jest test per case, so every failing
 * case is reported with its own message. Nothing is skipped; the vectors' own tolerances.
 *
 * It guards the rule that a step never reads the GPU from JavaScript: on
 * webgpu a synchronous read (dataSync) inside a step loses the WebGPU instance under
 * SwiftShader, and the cases fail with "A valid external Instance reference no longer
 * exists" (121 of 132 did, before the GPU step path of 1c6443f).
 */
import { runOptimizerCase, type OptimizerCase } from '@descent/conformance';
import { launchChromium, type Chromium } from '@descent/conformance/browser';
import { describeConformance } from '@descent/conformance/jest';
import { createTarget } from '@descent/tfjs/conformance';

let browser: Chromium;

beforeAll(async () => {
  browser = await launchChromium({ gpu: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('tfjs-webgl (headless Chromium, SwiftShader)', () => describeConformance(() => createTarget('tfjs-webgl', { browser })));
describe('tfjs-webgpu (headless Chromium, SwiftShader)', () => describeConformance(() => createTarget('tfjs-webgpu', { browser })));
// The tf-ops fallback (what tfjs-node runs), forced on a GPU backend: the same vectors.
describe('tfjs-webgl, tf-ops path forced (headless Chromium, SwiftShader)', () => describeConformance(() => createTarget('tfjs-webgl', { browser, execution: 'ops' })));

/** clipByGlobalNorm of gradients whose squares overflow float32: clipped to maxNorm (on main the GPU paths zeroed the step). */
const HUGE_GRADIENTS: OptimizerCase = {
  id: 'clipByGlobalNorm/gradients-past-float32-squares',
  optimizer: { type: 'sgd', learningRate: 1 },
  transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }],
  params: [{ shape: [2], values: [0, 0] }, { shape: [2], values: [1, 1] }],
  grads: [[[3e20, 0], [0, -4e20]], [[3e38, 0], [-3e38, 0]]],
  expected: [[[-0.6, 0], [1, 1.8]], [[-0.6 - Math.SQRT1_2, 0], [1 + Math.SQRT1_2, 1.8]]],
  rtol: 1e-5,
  atol: 1e-7,
};

describe.each([
  ['tfjs-webgl', 'gpu'],
  ['tfjs-webgpu', 'gpu'],
  ['tfjs-webgl', 'ops'],
] as const)('%s (%s path): the global norm does not overflow', (name, execution) => {
  test(HUGE_GRADIENTS.id, async () => {
    const target = await createTarget(name, { browser, execution });
    try {
      expect(await runOptimizerCase(target, HUGE_GRADIENTS)).toEqual({ file: '', id: HUGE_GRADIENTS.id, passed: true });
    } finally {
      await target.dispose?.();
    }
  });
});

test('a rule type the page does not know is reported unknown (exit 2 from the command), not failed', async () => {
  const target = await createTarget('tfjs-webgpu', { browser });
  try {
    const result = await runOptimizerCase(target, { ...HUGE_GRADIENTS, id: 'x/unknown', optimizer: { type: 'noSuchRule' } });
    expect(result).toMatchObject({ id: 'x/unknown', passed: false, unknown: true });
    expect(result.message).toMatch(/^rule\.type = "noSuchRule" is invalid/);
  } finally {
    await target.dispose?.();
  }
});
