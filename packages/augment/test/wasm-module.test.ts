import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, render, TARGET } from '../scripts/build-wasm';

const root = join(__dirname, '..', '..', '..');
const script = join(__dirname, '..', 'scripts', 'build-wasm.js');

test('src/wasm/kernels-module.ts is what scripts/build-wasm.js assembles kernels.wat to (run npm run build:wasm -w @descent/augment)', async () => {
  expect(readFileSync(TARGET, 'utf8')).toBe(render(await assemble()));
});

test('build-wasm.js --check exits 0 on the committed module and writes nothing', () => {
  const before = readFileSync(TARGET, 'utf8');
  const { status, stdout, stderr } = spawnSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8' });
  expect({ status, stdout, stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  expect(readFileSync(TARGET, 'utf8')).toBe(before);
});

test('build-wasm.js --check exits 1 naming the file when the module is out of date, and leaves it as it was', () => {
  // A copy of the script, the .wat and the shared helper, laid out as in the repository.
  const copy = mkdtempSync(join(tmpdir(), 'descent-augment-wasm-'));
  for (const dir of ['scripts', 'packages/augment/scripts', 'packages/augment/src/wasm']) mkdirSync(join(copy, dir), { recursive: true });
  cpSync(join(root, 'scripts', 'generated-file.js'), join(copy, 'scripts', 'generated-file.js'));
  cpSync(script, join(copy, 'packages', 'augment', 'scripts', 'build-wasm.js'));
  cpSync(join(__dirname, '..', 'src', 'wasm', 'kernels.wat'), join(copy, 'packages', 'augment', 'src', 'wasm', 'kernels.wat'));
  const stale = `${readFileSync(TARGET, 'utf8')}// edited by hand\n`;
  const target = join(copy, 'packages', 'augment', 'src', 'wasm', 'kernels-module.ts');
  writeFileSync(target, stale);
  const env = { ...process.env, NODE_PATH: join(root, 'node_modules') };
  const { status, stderr } = spawnSync(process.execPath, [join(copy, 'packages', 'augment', 'scripts', 'build-wasm.js'), '--check'], { cwd: copy, encoding: 'utf8', env });
  expect(stderr).toMatch(/^packages\/augment\/src\/wasm\/kernels-module\.ts is out of date: run npm run build:wasm -w @descent\/augment$/m);
  expect(status).toBe(1);
  expect(readFileSync(target, 'utf8')).toBe(stale);
});
