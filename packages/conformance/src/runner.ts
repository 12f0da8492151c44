import { readFileSync } from 'node:fs';
import { compareAugmentRun, compareOptimizerRun, toleranceFor } from './compare';
import { AUGMENT_FORMAT, OPTIMIZER_FORMAT, parseVectorFile, VectorFileError, type AugmentCase, type OptimizerCase, type VectorFile } from './format';
import type { ConformanceTarget } from './target';

/** The outcome of one case on one target. */
export interface CaseResult {
  file: string;
  id: string;
  passed: boolean;
  /** Why it failed: the first differing element, or the error the target raised. */
  message?: string;
}

/** Reads and checks a vector file; throws VectorFileError naming the file when it cannot be used. */
export function readVectorFile(path: string): VectorFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VectorFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new VectorFileError(path, `is not valid JSON (${(error as Error).message})`);
  }
  return parseVectorFile(path, json);
}

/** Runs one optimizer case on a target and compares it with the expected trajectory. */
export async function runOptimizerCase(target: ConformanceTarget, c: OptimizerCase, file = ''): Promise<CaseResult> {
  if (target.runOptimizerCase === undefined) {
    return { file, id: c.id, passed: false, message: `target "${target.name}" runs no ${OPTIMIZER_FORMAT} cases` };
  }
  try {
    const run = await target.runOptimizerCase(c);
    const message = compareOptimizerRun(c, run, toleranceFor(c, target.precision));
    return message === null ? { file, id: c.id, passed: true } : { file, id: c.id, passed: false, message };
  } catch (error) {
    return { file, id: c.id, passed: false, message: (error as Error).message };
  }
}

/** Runs one augmentation case on a target and compares it with the expected image. */
export async function runAugmentCase(target: ConformanceTarget, c: AugmentCase, file = ''): Promise<CaseResult> {
  if (target.runAugmentCase === undefined) {
    return { file, id: c.id, passed: false, message: `target "${target.name}" runs no ${AUGMENT_FORMAT} cases` };
  }
  try {
    const message = compareAugmentRun(c, await target.runAugmentCase(c));
    return message === null ? { file, id: c.id, passed: true } : { file, id: c.id, passed: false, message };
  } catch (error) {
    return { file, id: c.id, passed: false, message: (error as Error).message };
  }
}

/** Runs every case of a parsed file. */
export async function runVectorFile(target: ConformanceTarget, file: VectorFile): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  if (file.format === OPTIMIZER_FORMAT) for (const c of file.cases) results.push(await runOptimizerCase(target, c, file.path));
  else for (const c of file.cases) results.push(await runAugmentCase(target, c, file.path));
  return results;
}
