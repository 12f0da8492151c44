import { basename } from 'node:path';
import { readVectorFile, runVectorFile, type CaseResult } from './runner';
import { loadTarget, targetDescriptions, targetNames } from './targets';
import { MAX_ATOL, MAX_AUGMENT_ATOL, MAX_RTOL, MAX_UINT8_ATOL, type VectorFile } from './format';

const USAGE = `usage: descent-conformance --target <${targetNames.join('|')}> FILE.json [FILE.json ...]`;

const HELP = [
  USAGE,
  '',
  'Runs conformance vector files against one target. Targets:',
  ...targetDescriptions().map((line) => `  ${line}`),
  '',
  'The Chromium targets (-webgl, -webgpu) launch one headless Chromium per run, WebGL2 and',
  'WebGPU on SwiftShader: $DESCENT_CHROMIUM, else `chromium` on PATH; they need',
  'playwright-core and esbuild installed.',
  '',
  'Prints one line per failing case, then `N passed, M failed` (and `, K unknown to the',
  'target` when the target does not know a type a case names, or runs no case of its format).',
  '',
  'A file that cannot fail is malformed: no cases, a case with no step or no value to',
  `compare, rtol above ${MAX_RTOL} or atol above ${MAX_ATOL} (augmentation cases: atol above ${MAX_AUGMENT_ATOL},`,
  `or ${MAX_UINT8_ATOL} level for uint8 images).`,
  '',
  'Exit status: 0 all passed; 1 a case failed (a value out of tolerance, an error of the',
  'target); 2 bad usage, an unreadable or malformed file, a target that cannot start, or a',
  'case the target does not know (and none failed).',
].join('\n');

/** Where the command writes: stdout for results, stderr for problems. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/**
 * The `descent-conformance` command: one line per failing or unknown case, then
 * `N passed, M failed` (`, K unknown to the target` when K > 0). Returns the exit status:
 * 0 all passed, 1 a case failed, 2 bad usage, an unusable file, or (none failing) a case
 * the target does not know.
 */
export async function main(argv: readonly string[], output: Output): Promise<number> {
  let target: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--target') target = argv[++i];
    else if (arg.startsWith('--target=')) target = arg.slice('--target='.length);
    else if (arg === '--help' || arg === '-h') {
      output.out(HELP);
      return 0;
    } else if (arg.startsWith('--')) {
      output.err(`unknown option ${arg}\n${USAGE}`);
      return 2;
    } else files.push(arg);
  }
  if (target === undefined || files.length === 0) {
    output.err(USAGE);
    return 2;
  }
  let parsed: VectorFile[];
  try {
    parsed = files.map(readVectorFile);
  } catch (error) {
    output.err((error as Error).message);
    return 2;
  }
  let runner;
  try {
    runner = await loadTarget(target);
  } catch (error) {
    output.err((error as Error).message);
    return 2;
  }
  const results: CaseResult[] = [];
  try {
    for (const file of parsed) results.push(...(await runVectorFile(runner, file)));
  } finally {
    await runner.dispose?.();
  }
  const failed = results.filter((r) => !r.passed && r.unknown !== true);
  const unknown = results.filter((r) => r.unknown === true);
  for (const r of results) {
    if (!r.passed) output.out(`${r.unknown === true ? 'UNKNOWN' : 'FAIL'} ${r.id} (${basename(r.file)}): ${r.message}`);
  }
  const passed = results.length - failed.length - unknown.length;
  output.out(`${passed} passed, ${failed.length} failed${unknown.length > 0 ? `, ${unknown.length} unknown to the target` : ''}`);
  return failed.length > 0 ? 1 : unknown.length > 0 ? 2 : 0;
}
