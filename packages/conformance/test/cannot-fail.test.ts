import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main, MAX_ATOL, MAX_AUGMENT_ATOL, MAX_RTOL, MAX_UINT8_ATOL } from '../src';
import { VECTORS_DIRECTORY } from '../src/jest';

const directory = mkdtempSync(join(tmpdir(), 'descent-cannot-fail-'));
let files = 0;
/** Writes a vector file (JSON, or text as it is) and returns its path. */
const write = (content: unknown) => {
  const path = join(directory, `file${files++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const BIN = join(__dirname, '..', 'bin', 'descent-conformance.js');
/** The built command, as a user runs it. */
function cli(target: string, path: string) {
  const result = spawnSync(process.execPath, [BIN, '--target', target, path], { encoding: 'utf8' });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

/** The command in this process (the bin's own `main`): status and lines. */
async function run(target: string, path: string) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(['--target', target, path], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out, err };
}

/** Runs the command in this process and expects a malformed file: exit 2, a message naming it, nothing on stdout. */
async function expectMalformed(target: string, content: unknown): Promise<void> {
  const path = write(content);
  const { status, out, err } = await run(target, path);
  expect(status).toBe(2);
  expect(err.join('\n')).toContain(path);
  expect(out).toEqual([]);
}

const OPTIMIZER = 'descent-conformance/1';
const AUGMENT = 'descent-augment/1';
/** A committed optimizer case (sgd/default: 2 tensors, 8 steps) and augmentation case. */
const rulesFile = JSON.parse(readFileSync(join(VECTORS_DIRECTORY, 'optimizers', 'rules.json'), 'utf8'));
const good = rulesFile.cases[0];
const augmentGood = JSON.parse(readFileSync(join(VECTORS_DIRECTORY, 'augment', 'ops.json'), 'utf8')).cases[0];
const targetsGood = JSON.parse(readFileSync(join(VECTORS_DIRECTORY, 'augment', 'targets.json'), 'utf8')).cases[0];
const uint8Good = JSON.parse(readFileSync(join(VECTORS_DIRECTORY, 'augment', 'uint8.json'), 'utf8')).cases[0];
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));
/** `good` with its first expected value moved far outside any tolerance. */
const wrong = () => {
  const c = clone(good);
  c.expected[0][0][0] += 1000;
  return c;
};

describe('files that cannot fail are malformed: the built command exits 2 naming the file and the problem', () => {
  test.each<[string, unknown, RegExp]>([
    ['no cases', { format: OPTIMIZER, cases: [] }, /"cases" must be a non-empty array: a file without cases cannot fail/],
    ['no augmentation cases', { format: AUGMENT, cases: [] }, /"cases" must be a non-empty array/],
    ['a case with empty grads and expected', { format: OPTIMIZER, cases: [{ ...good, grads: [], expected: [] }] }, /case "sgd\/default": "grads" must be a non-empty array of steps/],
    [
      'a case whose tensors hold no value',
      { format: OPTIMIZER, cases: [{ ...good, params: [{ shape: [0], values: [] }], grads: [[[]]], expected: [[[]]] }] },
      /"params" must be a non-empty array of \{ shape, values \} with at least one value each/,
    ],
    ['rtol 1e300 with wrong expected values', { format: OPTIMIZER, cases: [{ ...wrong(), rtol: 1e300 }] }, /"rtol" must be a number in \[0, 0\.01\]: a looser tolerance is a check that cannot fail \(got 1e\+300\)/],
    ['atol 1 with wrong expected values', { format: OPTIMIZER, cases: [{ ...wrong(), atol: 1 }] }, /"atol" must be a number in \[0, 0\.0001\]/],
    ['an augmentation atol of 0.5', { format: AUGMENT, cases: [{ ...augmentGood, atol: 0.5 }] }, /"atol" must be a number in \[0, 0\.001\]/],
    ['targets without expected targets', { format: AUGMENT, cases: [{ ...targetsGood, expectedTargets: undefined }] }, /"targets" and "expectedTargets" come together/],
    [
      'targets with no box and no keypoint',
      { format: AUGMENT, cases: [{ ...targetsGood, targets: { ...targetsGood.targets, boxes: [], keypoints: [], labels: [] }, expectedTargets: { boxes: [], keypoints: [], labels: [] } }] },
      /"targets" has no box and no keypoint, so it could never fail/,
    ],
    ['boxes of 3 numbers', { format: AUGMENT, cases: [{ ...targetsGood, targets: { ...targetsGood.targets, boxes: [1, 2, 3] } }] }, /"targets.boxes" must be an array of numbers, 4 per item/],
    ['a uint8 atol of 2 levels', { format: AUGMENT, cases: [{ ...uint8Good, atol: 2 }] }, /"atol" must be a number in \[0, 1\]/],
    ['uint8 levels outside 0..255', { format: AUGMENT, cases: [{ ...uint8Good, input: { ...uint8Good.input, values: uint8Good.input.values.map((v: number, i: number) => (i === 0 ? 256 : v)) } }] }, /"input.values" must be integers in 0..255/],
    ['a uint8 input with a float expected image', { format: AUGMENT, cases: [{ ...uint8Good, expected: { ...uint8Good.expected, dtype: 'float32' } }] }, /"input.dtype" and "expected.dtype" must be the same/],
    ['an unknown dtype', { format: AUGMENT, cases: [{ ...augmentGood, input: { ...augmentGood.input, dtype: 'int16' } }] }, /"input.dtype" must be "float32" or "uint8"/],
    ['an empty augmentation image', { format: AUGMENT, cases: [{ ...augmentGood, input: { shape: [0, 7, 3], values: [] }, expected: { shape: [0, 7, 3], values: [] } }] }, /"input" must be \{ shape, values \} with at least one value/],
  ])('%s', (_name, content, message) => {
    const path = write(content);
    const { status, out, err } = cli('reference', path);
    expect(status).toBe(2);
    expect(err).toContain(path);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });

  test('the loosest tolerances the format allows are accepted, and still fail a wrong value', () => {
    const loosest = { ...clone(good), rtol: MAX_RTOL, atol: MAX_ATOL };
    expect(cli('core', write({ format: OPTIMIZER, cases: [loosest] })).status).toBe(0);
    const result = cli('core', write({ format: OPTIMIZER, cases: [{ ...wrong(), rtol: MAX_RTOL, atol: MAX_ATOL }] }));
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/^FAIL sgd\/default .*step 1, tensor 0, index 0/m);
  });

  test('an unknown rule type exits 2 ("unknown to the target"), a numeric mismatch 1', () => {
    const unknown = cli('core', write({ format: OPTIMIZER, cases: [{ ...clone(good), optimizer: { type: 'noSuchRule' } }] }));
    expect(unknown.status).toBe(2);
    expect(unknown.out).toMatch(/^UNKNOWN sgd\/default .*rule\.type = "noSuchRule"/m);
    expect(unknown.out).toMatch(/^0 passed, 0 failed, 1 unknown to the target$/m);
    const transform = cli('core', write({ format: OPTIMIZER, cases: [{ ...clone(good), transforms: [{ type: 'clipByMagic' }] }] }));
    expect(transform.status).toBe(2);
    expect(transform.out).toMatch(/UNKNOWN .*transforms\[0\]\.type = "clipByMagic"/);
    const augment = cli('augment', write({ format: AUGMENT, cases: [{ ...augmentGood, op: { type: 'swirl' } }] }));
    expect(augment.status).toBe(2);
    expect(augment.out).toMatch(/UNKNOWN .*op\.type = "swirl"/);
    expect(cli('core', write({ format: OPTIMIZER, cases: [wrong()] })).status).toBe(1);
  });

  test('a uint8 case is exact unless it allows one level: a level off fails it, two levels fail one with atol 1', () => {
    const exact = clone(uint8Good);
    exact.expected.values[5] = exact.expected.values[5] === 255 ? 254 : exact.expected.values[5] + 1;
    const loose = { ...clone(uint8Good), atol: 1 };
    loose.expected.values[5] = loose.expected.values[5] >= 254 ? loose.expected.values[5] - 2 : loose.expected.values[5] + 2;
    for (const target of ['augment', 'augment-tfjs']) {
      expect(cli(target, write({ format: AUGMENT, cases: [uint8Good] })).status).toBe(0);
      for (const c of [exact, loose]) {
        const run = cli(target, write({ format: AUGMENT, cases: [c] }));
        expect(run.status).toBe(1);
        expect(run.out).toMatch(/FAIL .*index 5: got/);
      }
    }
  });

  test('a moved box, keypoint visibility or label off by one fails (exit 1) on both augment targets', () => {
    for (const [part, index, delta] of [['boxes', 0, 0.01], ['keypoints', 2, 1], ['labels', 0, 1]] as const) {
      const c = clone(targetsGood);
      c.expectedTargets[part][index] += delta;
      for (const target of ['augment', 'augment-tfjs']) {
        const run = cli(target, write({ format: AUGMENT, cases: [c] }));
        expect(run.status).toBe(1);
        expect(run.out).toMatch(new RegExp(`FAIL .*${part}, index ${index}`));
      }
    }
  });
});

/** Changes that make a valid optimizer file malformed, each with a random part. */
const breakOptimizerFile: fc.Arbitrary<(file: { format: string; cases: Record<string, unknown>[] }) => void> = fc.oneof(
  fc.constantFrom('id', 'optimizer', 'params', 'grads', 'expected').map((key) => (file) => void delete file.cases[0][key]),
  fc.constant((file) => void (file.cases = [])),
  fc.constant((file) => void (file.cases[0].grads = [])),
  fc.double({ min: MAX_RTOL * (1 + 1e-12), max: 1e308, noNaN: true }).map((rtol) => (file) => void (file.cases[0].rtol = rtol)),
  fc.double({ min: MAX_ATOL * (1 + 1e-12), max: 1e308, noNaN: true }).map((atol) => (file) => void (file.cases[0].atol = atol)),
  fc.double({ max: -Number.MIN_VALUE, noNaN: true }).map((rtol) => (file) => void (file.cases[0].rtol = rtol)),
  fc
    .tuple(fc.constantFrom('grads', 'expected'), fc.nat(7), fc.nat(1), fc.nat(3), fc.oneof(fc.string(), fc.constant(null), fc.boolean(), fc.object()))
    .map(([key, s, i, j, value]) => (file) => void ((file.cases[0][key] as unknown[][][])[s][i][j] = value as never)),
  fc.tuple(fc.nat(1), fc.constantFrom([0], [3, 0], [5], [2, 2, 2], 'x')).map(([i, shape]) => (file) => void ((file.cases[0].params as { shape: unknown }[])[i].shape = shape)),
  fc.nat(7).map((s) => (file) => void (file.cases[0].expected as unknown[]).splice(s, 1)),
  fc.constant((file) => void file.cases.push(clone(file.cases[0]))),
  fc.jsonValue().map((format) => (file) => void (file.format = format === OPTIMIZER ? 'x' : (format as string))),
);

describe('fuzzing vector files: never a crash, never a pass', () => {
  test('random JSON (and text that is not JSON) is a malformed file: exit 2 with a message naming it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.string().map((text) => `{${text}`)), (content) =>
        expectMalformed('core', typeof content === 'string' ? content : JSON.stringify(content)),
      ),
      { numRuns: 150, seed: 1313 },
    );
  });

  test('a valid file broken in one place is malformed: exit 2 with a message naming it', async () => {
    await fc.assert(
      fc.asyncProperty(breakOptimizerFile, (breakIt) => {
        const file = { format: OPTIMIZER, cases: [clone(good)] };
        breakIt(file);
        return expectMalformed('reference', file);
      }),
      { numRuns: 200, seed: 1314 },
    );
  });

  test('an expected value moved outside the tolerance fails (exit 1), whatever tolerance the file asks for', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(7),
        fc.nat(1),
        fc.nat(3),
        fc.double({ min: 0, max: MAX_RTOL, noNaN: true }),
        fc.double({ min: 0, max: MAX_ATOL, noNaN: true }),
        fc.constantFrom(-1, 1),
        async (s, i, j, rtol, atol, sign) => {
          const c = { ...clone(good), rtol, atol };
          const expected = c.expected[s][i][j] as number;
          // Twice the largest allowed deviation (the core target is float32: rtol/atol as given).
          c.expected[s][i][j] = expected + sign * 2 * (MAX_ATOL + MAX_RTOL * Math.abs(expected)) + sign * 1e-3;
          const { status, out } = await run('core', write({ format: OPTIMIZER, cases: [c] }));
          expect(status).toBe(1);
          expect(out[out.length - 1]).toBe('0 passed, 1 failed');
        },
      ),
      { numRuns: 60, seed: 1315 },
    );
  });

  test('random JSON through the built command: exit 2 and a message, never a stack trace', () => {
    for (const content of fc.sample(fc.jsonValue(), { numRuns: 6, seed: 1316 })) {
      const path = write(content);
      const { status, err } = cli('reference', path);
      expect(status).toBe(2);
      expect(err).toContain(path);
      expect(err).not.toMatch(/^\s+at /m);
    }
  });
});

test('the augmentation atol limit is below half a level of an 8-bit image', () => {
  expect(MAX_AUGMENT_ATOL).toBeLessThan(1 / 510);
});

test('--help states what makes a file malformed and the exit statuses', async () => {
  const out: string[] = [];
  expect(await main(['--help'], { out: (line) => out.push(line), err: () => undefined })).toBe(0);
  const help = out.join('\n');
  expect(help).toContain(`rtol above ${MAX_RTOL} or atol above ${MAX_ATOL} (augmentation cases: atol above ${MAX_AUGMENT_ATOL},\nor ${MAX_UINT8_ATOL} level for uint8 images)`);
  expect(help).toMatch(/1 a case failed .*\n.*2 bad usage, an unreadable or malformed file, a target that cannot start, or a\s+case the target does not know/);
});
