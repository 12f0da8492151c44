import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** tsc --strict on one file against the built @descent/tfjs types, as a user's app compiles. */
function typeCheck(file: string): { status: number | null; output: string } {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const flags = ['--noEmit', '--strict', '--skipLibCheck', '--esModuleInterop', '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node10', '--types', 'node'];
  const { status, stdout, stderr } = spawnSync(process.execPath, [tsc, ...flags, file], { cwd: root, encoding: 'utf8' });
  return { status, output: stdout + stderr };
}

describe('instance types', () => {
  it("type each optimizer's hyperparameters and setHyperparameters by its rule's fields", () => {
    // Each `@ts-expect-error` in the file (e.g. sgd().setHyperparameters({ beta1: 0.5 })) fails the check when it meets no error.
    const { status, output } = typeCheck(join(__dirname, 'types', 'instances.ts'));
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
