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
