/**
 * The augmentation suite in a real browser: every committed torchvision case
 * (packages/conformance/vectors/augment/*.json) on tfjs tensors with the webgl and webgpu
 * backends, in headless Chromium on SwiftShader. One Chromium for this file; each target
 * runs in its own page. One jest test per case, so every failing case is reported.
 */
import { launchChromium, type Chromium } from '@descent/conformance/browser';
import { describeConformance } from '@descent/conformance/jest';
import { createTarget } from '@descent/augment/conformance';

let browser: Chromium;

beforeAll(async () => {
  browser = await launchChromium({ gpu: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('augment-tfjs-webgl (headless Chromium, SwiftShader)', () =>
  describeConformance(() => createTarget('augment-tfjs-webgl', { browser }), 'descent-augment/1'));
describe('augment-tfjs-webgpu (headless Chromium, SwiftShader)', () =>
  describeConformance(() => createTarget('augment-tfjs-webgpu', { browser }), 'descent-augment/1'));
