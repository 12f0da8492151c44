import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every example, run at a small size as CI does, with what its output must show. */
const EXAMPLES: [string, string[], RegExp[]][] = [
  ['core-demo', ['50'], [/l-bfgs \(strong Wolfe\)/, /quadratic: steps to/]],
  ['brain-dropout', ['20', '3', '1', '50'], [/descent, dropout 0\.5/, /brain\.js train/]],
  ['brain-lstm', ['3', '2', '2', '8'], [/baseline, the row above again: test error 0\.\d{4}/, /brain\.js train .* test 0\.\d{4}/, /dropout 0\.25 +train 0\.\d{4} +test 0\.\d{4}/]],
  ['augment-mnist', ['small'], [/augmentation \+ test-time fiveCrop \| \d+\.\d %/]],
  ['tfjs-optimizers', ['20', '1', '20'], [/adam\+warmup\/cosine\+clip\+ema/, /loss curves written/]],
  ['tfjs-transfer', ['30', '5', '3', '20', '1'], [/transfer, base frozen \(head only\)/, /from scratch on the few images/]],
  ['tfjs-ensembles', ['20', '2', '20', '2'], [/snapshot ensemble/, /Polyak-averaged weights/]],
  ['transfer-zoo', ['10,30', '1', '20', '300'], [/features only \(body frozen, new head\)\s+\d+\.\d%\s+\d+\.\d%/, /fine-tune all/, /Verdict: (confirmed|partly|not confirmed)/, /plot written/]],
];

const root = join(__dirname, '..', '..');

describe.each(EXAMPLES)('examples/%s', (name, args, expected) => {
  test('has a README and runs at a small size', () => {
    expect(existsSync(join(root, 'examples', name, 'README.md'))).toBe(true);
    const output = execFileSync(process.execPath, [join(root, 'examples', name), ...args], { cwd: root, encoding: 'utf8', timeout: 120000 });
    for (const pattern of expected) expect(output).toMatch(pattern);
  });
});

test('the main job (npm start) runs some claims and writes its report', () => {
  const report = mkdtempSync(join(tmpdir(), 'descent-report-'));
  const output = execFileSync(process.execPath, [join(root, 'examples', 'lecture'), '--only', 'bias-correction,lbfgs', '--report', report], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120000,
  });
  expect(output).toMatch(/Adam with and without bias correction/);
  expect(output).toMatch(/\d of 2 claims confirmed/);
  const html = readFileSync(join(report, 'index.html'), 'utf8');
  expect(html).toMatch(/<h2 id="bias-correction">/);
  expect(html).toMatch(/<svg/);
  const results = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8'));
  expect(results.results.map((r: { id: string }) => r.id)).toEqual(['bias-correction', 'lbfgs']);
  expect(() => execFileSync(process.execPath, [join(root, 'examples', 'lecture'), '--only', 'nothing'], { cwd: root, stdio: 'pipe' })).toThrow(/unknown claim "nothing"/);
});
