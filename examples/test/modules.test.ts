import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Each package and a few of its named exports, as users reach them. */
const PACKAGES: [string, string[]][] = [
  ['@descent/core', ['createOptimizer', 'createLbfgs', 'Random', 'dropoutMask']],
  ['@descent/conformance', ['main', 'readVectorFile', 'coreTarget']],
  ['@descent/tfjs', ['adamw', 'DescentAdam', 'ReduceLROnPlateau', 'lbfgs']],
  ['@descent/brain', ['train', 'DescentTrainer', 'Ensemble']],
  ['@descent/augment', ['compose', 'randomResizedCrop', 'augmentFlat']],
  ['@descent/augment/tfjs', ['augmentationLayer', 'predictOverViews']],
  ['@descent/zoo', ['load', 'fromUrl', 'fromFile', 'entry']],
];

test.each(PACKAGES)('%s loads with require and with import in Node, with its named exports', (name, exports) => {
  // Inside node_modules so that the packages resolve as they do for a user of the repository.
  const directory = mkdtempSync(join(root, 'node_modules', '.descent-modules-'));
  const names = JSON.stringify(exports);
  writeFileSync(join(directory, 'check.cjs'), `const m = require('${name}'); for (const n of ${names}) if (typeof m[n] !== 'function') throw new Error('require: ' + n);`);
  writeFileSync(join(directory, 'check.mjs'), `import * as m from '${name}'; for (const n of ${names}) if (typeof m[n] !== 'function') throw new Error('import: ' + n);`);
  try {
    for (const file of ['check.cjs', 'check.mjs']) execFileSync(process.execPath, [join(directory, file)], { cwd: root, stdio: 'pipe' });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
