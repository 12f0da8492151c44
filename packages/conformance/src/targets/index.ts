import { DescentError } from '@descent/core';
import type { ConformanceTarget, TargetModule } from '../target';
import { coreTarget } from './core-target';

/** A target: the module that makes it (null: built in) and what it runs, for the help text. */
interface TargetEntry {
  readonly module: string | null;
  readonly runs: string;
}

const TFJS = '@descent/tfjs/conformance';
const AUGMENT = '@descent/augment/conformance';

/** Where each target lives: built in, or a package's `conformance` entry point. */
const TARGETS: Readonly<Record<string, TargetEntry>> = {
  reference: { module: null, runs: "the core's float64 reference" },
  core: { module: null, runs: "the core's Float32Array engine" },
  spec: { module: null, runs: 'old name of core' },
  tfjs: { module: TFJS, runs: 'the tfjs optimizers, cpu backend' },
  'tfjs-wasm': { module: TFJS, runs: 'the tfjs optimizers, wasm backend' },
  'tfjs-webgl': { module: TFJS, runs: 'the tfjs optimizers, webgl backend in headless Chromium' },
  'tfjs-webgpu': { module: TFJS, runs: 'the tfjs optimizers, webgpu backend in headless Chromium' },
  brain: { module: '@descent/brain/conformance', runs: "the brain.js trainer's update path" },
  augment: { module: AUGMENT, runs: 'the typed-array augmentation ops' },
  'augment-tfjs': { module: AUGMENT, runs: 'the augmentation ops on tfjs tensors, cpu backend' },
  'augment-tfjs-webgl': { module: AUGMENT, runs: 'the augmentation ops on tfjs tensors, webgl in headless Chromium' },
  'augment-tfjs-webgpu': { module: AUGMENT, runs: 'the augmentation ops on tfjs tensors, webgpu in headless Chromium' },
};

/** Every target name the command accepts. */
export const targetNames = Object.keys(TARGETS);

/** One line per target, its name then what it runs (the command's help). */
export function targetDescriptions(): string[] {
  const width = Math.max(...targetNames.map((name) => name.length));
  return targetNames.map((name) => `${name.padEnd(width)}  ${TARGETS[name].runs}`);
}

/** Loads a target by name; throws a DescentError naming the target (unknown, or its package not installed). */
export async function loadTarget(name: string): Promise<ConformanceTarget> {
  if (!Object.prototype.hasOwnProperty.call(TARGETS, name)) {
    throw new DescentError('target', name, `one of the targets: ${targetNames.join(', ')}`);
  }
  const specifier = TARGETS[name].module;
  if (specifier === null) return coreTarget(name === 'reference' ? 'reference' : 'core');
  let module: TargetModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require(specifier) as TargetModule;
  } catch (error) {
    throw new DescentError('target', name, `a target whose package, ${specifier.replace(/\/conformance$/, '')}, is installed and built (${(error as Error).message.split('\n')[0]})`);
  }
  return module.createTarget(name);
}

export { coreTarget, optimizerConfigOf } from './core-target';
