import type { ConformanceTarget, TargetModule } from '../target';
import { coreTarget } from './core-target';

/** Where each target lives: built in, or a package's `conformance` entry point. */
const TARGET_MODULES: Readonly<Record<string, string | null>> = {
  reference: null,
  core: null,
  spec: null,
  tfjs: '@descent/tfjs/conformance',
  'tfjs-wasm': '@descent/tfjs/conformance',
  brain: '@descent/brain/conformance',
  augment: '@descent/augment/conformance',
  'augment-tfjs': '@descent/augment/conformance',
};

/** Every target name the command accepts. */
export const targetNames = Object.keys(TARGET_MODULES);

/** Loads a target by name; throws an Error naming the target (unknown, or its package not installed). */
export async function loadTarget(name: string): Promise<ConformanceTarget> {
  if (!Object.prototype.hasOwnProperty.call(TARGET_MODULES, name)) {
    throw new Error(`unknown target "${name}"; targets: ${targetNames.join(', ')}`);
  }
  const specifier = TARGET_MODULES[name];
  if (specifier === null) return coreTarget(name === 'reference' ? 'reference' : 'core');
  let module: TargetModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require(specifier) as TargetModule;
  } catch (error) {
    throw new Error(`target "${name}" needs ${specifier.replace(/\/conformance$/, '')} installed and built (${(error as Error).message.split('\n')[0]})`);
  }
  return module.createTarget(name);
}

export { coreTarget, optimizerConfigOf } from './core-target';
