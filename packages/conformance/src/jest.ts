import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AUGMENT_FORMAT, OPTIMIZER_FORMAT } from './format';
import { readVectorFile, runAugmentCase, runOptimizerCase, type CaseResult } from './runner';
import type { ConformanceTarget } from './target';

/** The folder of the committed vectors: `optimizers/*.json`, `augment/*.json` and `nets/*.json`. */
export const VECTORS_DIRECTORY = join(__dirname, '..', 'vectors');

/** The subfolder of cases whose objective is a net's training loss: only a target that trains such nets runs them. */
export const NET_VECTORS = 'nets';

/**
 * Committed vector files of a format, sorted by path: those of one subfolder, or (without
 * one) of every subfolder but `nets/`, whose cases need a target that trains nets.
 */
export function vectorFiles(format: typeof OPTIMIZER_FORMAT | typeof AUGMENT_FORMAT, folder?: string): string[] {
  return (readdirSync(VECTORS_DIRECTORY, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.json'))
    .filter((name) => (folder === undefined ? !name.startsWith(`${NET_VECTORS}/`) : name.startsWith(`${folder}/`)))
    .sort()
    .map((name) => join(VECTORS_DIRECTORY, name))
    .filter((path) => readVectorFile(path).format === format);
}

/**
 * Registers one jest test per committed case of the given format against a target,
 * inside a describe block per file. Call it at the top level of a test file:
 * `describeConformance(() => coreTarget('core'), 'descent-conformance/1')`.
 */
export function describeConformance(
  makeTarget: () => ConformanceTarget | Promise<ConformanceTarget>,
  format: typeof OPTIMIZER_FORMAT | typeof AUGMENT_FORMAT = OPTIMIZER_FORMAT,
  files: string[] = vectorFiles(format),
): void {
  let target: ConformanceTarget;
  beforeAll(async () => {
    target = await makeTarget();
  });
  afterAll(async () => {
    await target?.dispose?.();
  });
  for (const path of files) {
    const file = readVectorFile(path);
    const runs: [string, () => Promise<CaseResult>][] =
      file.format === OPTIMIZER_FORMAT
        ? file.cases.map((c) => [c.id, () => runOptimizerCase(target, c, path)])
        : file.cases.map((c) => [c.id, () => runAugmentCase(target, c, path)]);
    describe(relative(VECTORS_DIRECTORY, path), () => {
      for (const [id, run] of runs) {
        test(id, async () => {
          const result = await run();
          expect(result.passed ? 'passed' : result.message).toBe('passed');
        });
      }
    });
  }
}
