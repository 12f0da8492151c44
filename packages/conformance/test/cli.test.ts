import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src';
import { VECTORS_DIRECTORY } from '../src/jest';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out, err };
}

const directory = mkdtempSync(join(tmpdir(), 'descent-cli-'));
const write = (name: string, content: unknown) => {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const rules = join(VECTORS_DIRECTORY, 'optimizers', 'rules.json');

test('all committed rule vectors pass on the reference target: last line "N passed, 0 failed", status 0', async () => {
  const { status, out } = await run(['--target', 'reference', rules]);
  expect(status).toBe(0);
  expect(out[out.length - 1]).toMatch(/^\d+ passed, 0 failed$/);
  expect(out).toHaveLength(1);
});

test('spec, the old name of the core target, still runs it', async () => {
  const { status, out } = await run(['--target', 'spec', rules]);
  expect(status).toBe(0);
  expect(out[out.length - 1]).toMatch(/^\d+ passed, 0 failed$/);
});

test('a wrong expected value fails with its id, step, tensor, index, got and expected; status 1', async () => {
  const file = JSON.parse(readFileSync(rules, 'utf8'));
  const broken = file.cases[0];
  broken.expected[1][0][2] += 0.5;
  const path = write('broken.json', { format: file.format, cases: [broken, file.cases[1]] });
  const { status, out } = await run(['--target=core', path]);
  expect(status).toBe(1);
  expect(out[0]).toMatch(new RegExp(`^FAIL ${broken.id} \\(broken\\.json\\): step 2, tensor 0, index 2: got .+, expected .+$`));
  expect(out[out.length - 1]).toBe('1 passed, 1 failed');
});

test('a case naming a type the target does not know is UNKNOWN (exit 2, never skipped); an unknown field fails (exit 1)', async () => {
  const file = JSON.parse(readFileSync(rules, 'utf8'));
  const unknownType = { ...file.cases[0], id: 'x/unknown-type', optimizer: { type: 'noSuchRule' } };
  const unknownField = { ...file.cases[0], id: 'x/unknown-field', optimizer: { type: 'adam', lr: 0.1 } };
  const closed = JSON.parse(readFileSync(join(VECTORS_DIRECTORY, 'optimizers', 'closed-loop.json'), 'utf8')).cases[0];
  const unknownObjective = { ...closed, id: 'x/unknown-objective', objective: { type: 'himmelblau' } };
  const unknowns = write('unknown.json', { format: 'descent-conformance/1', cases: [unknownType, file.cases[1], unknownObjective] });
  const onlyUnknown = await run(['--target', 'reference', unknowns]);
  expect(onlyUnknown.status).toBe(2);
  expect(onlyUnknown.out[0]).toMatch(/^UNKNOWN x\/unknown-type .*rule\.type = "noSuchRule"/);
  expect(onlyUnknown.out[1]).toMatch(/^UNKNOWN x\/unknown-objective .*objective\.type = "himmelblau"/);
  expect(onlyUnknown.out[2]).toBe('1 passed, 0 failed, 2 unknown to the target');
  const mixed = write('mixed.json', { format: 'descent-conformance/1', cases: [unknownType, unknownField] });
  const withFailure = await run(['--target', 'reference', mixed]);
  expect(withFailure.status).toBe(1);
  expect(withFailure.out[0]).toMatch(/^UNKNOWN x\/unknown-type/);
  expect(withFailure.out[1]).toMatch(/^FAIL x\/unknown-field.*adam\.lr = 0\.1 is invalid: expected one of the known fields/);
  expect(withFailure.out[2]).toBe('0 passed, 1 failed, 1 unknown to the target');
});

test('unreadable and malformed files exit 2 with a message naming the file and the problem', async () => {
  const cases: [string, string, RegExp][] = [
    [join(directory, 'missing.json'), '', /missing\.json: cannot be read \(ENOENT\)/],
    [write('not-json.json', '{ nope'), '', /not-json\.json: is not valid JSON/],
    [write('format.json', { format: 'other/1', cases: [1] }), '', /format\.json: "format" is "other\/1"/],
    [write('grads.json', { format: 'descent-conformance/1', cases: [{ id: 'a', optimizer: { type: 'sgd' }, params: [{ shape: [2], values: [1, 2] }], grads: [[[1]]], expected: [[[1, 2]]] }] }), '', /grads\.json: case "a": grads\[0\]\[0\] must hold 2 numbers/],
    [write('dup.json', { format: 'descent-augment/1', cases: [1, 2].map(() => ({ id: 'same', op: { type: 'flipLeftRight' }, input: { shape: [1, 1, 1], values: [0] }, expected: { shape: [1, 1, 1], values: [0] } })) }), '', /dup\.json: case id "same" appears twice/],
  ];
  for (const [path, , message] of cases) {
    const { status, err, out } = await run(['--target', 'reference', path]);
    expect(status).toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(out).toEqual([]);
  }
});

test('usage errors and unknown targets exit 2', async () => {
  expect((await run([rules])).status).toBe(2);
  expect((await run(['--target', 'reference'])).status).toBe(2);
  expect((await run(['--bogus', rules])).err[0]).toMatch(/unknown option --bogus/);
  const unknown = await run(['--target', 'gpu', rules]);
  expect(unknown.status).toBe(2);
  expect(unknown.err[0]).toMatch(/target = "gpu" is invalid: expected one of the targets: reference, core, spec, tfjs/);
});

test('--help lists every target with what it runs, the Chromium ones included; status 0', async () => {
  const { status, out } = await run(['--help']);
  expect(status).toBe(0);
  const help = out.join('\n');
  for (const name of ['reference', 'core', 'tfjs', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'brain', 'augment', 'augment-tfjs', 'augment-tfjs-webgl', 'augment-tfjs-webgpu']) {
    expect(help).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  }
  expect(help).toMatch(/tfjs-webgpu +the tfjs optimizers, webgpu backend in headless Chromium/);
  expect(help).toMatch(/DESCENT_CHROMIUM/);
});

test('augmentation cases on an optimizer target are unknown to it, naming the format; status 2', async () => {
  const path = write('augment.json', { format: 'descent-augment/1', cases: [{ id: 'flip', op: { type: 'flipLeftRight' }, input: { shape: [1, 2, 1], values: [0, 1] }, expected: { shape: [1, 2, 1], values: [1, 0] } }] });
  const { status, out } = await run(['--target', 'core', path]);
  expect(status).toBe(2);
  expect(out[0]).toMatch(/UNKNOWN flip .*target "core" runs no descent-augment\/1 cases/);
});

test('the built descent-conformance bin prints the summary line and exits with the status', () => {
  const { spawnSync } = jest.requireActual('node:child_process') as typeof import('node:child_process');
  const bin = join(__dirname, '..', 'bin', 'descent-conformance.js');
  const ok = spawnSync(process.execPath, [bin, '--target', 'core', rules], { encoding: 'utf8' });
  expect(ok.status).toBe(0);
  expect(ok.stdout.trim().split('\n').pop()).toMatch(/^\d+ passed, 0 failed$/);
  const bad = spawnSync(process.execPath, [bin, '--target', 'core', join(directory, 'missing.json')], { encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/missing\.json: cannot be read/);
});
