import { readFileSync } from 'node:fs';
import { DescentError } from '@descent/core';
import { compareAugmentRun, compareOptimizerRun, toleranceFor } from './compare';
import { AUGMENT_FORMAT, OPTIMIZER_FORMAT, parseVectorFile, VectorFileError, type AugmentCase, type OptimizerCase, type VectorFile } from './format';
import type { ConformanceTarget } from './target';

/** The outcome of one case on one target. */
export interface CaseResult {
  file: string;
  id: string;
  passed: boolean;
  /**
   * True when the case did not run because the target does not know something it names
   * (a rule, schedule, transform, average, objective or op type), or runs no case of its
   * format: not a numeric mismatch, a file this target cannot check.
   */
  unknown?: boolean;
  /** Why it failed: the first differing element, or the error the target raised. */
  message?: string;
}

/**
 * True when an error a target raised rejects a `type` it does not know: a DescentError whose
 * argument ends in `type` (`rule.type`, `case "a".objective.type`, `op(x).type`), or, from a
 * page, an error whose message starts as such a DescentError's does.
 */
function rejectsType(error: unknown): boolean {
  if (error instanceof DescentError && /(^|\.)type$/.test(error.argument)) return true;
  // A page's error arrives as its message, inside a PageFailure (a DescentError about the page).
  return error instanceof Error && /^[^=\n]*\.type = /.test(error.message);
}

/** The result of a case the target threw on: unknown when it rejected a type, else failed. */
function thrown(file: string, id: string, error: unknown): CaseResult {
  const message = error instanceof Error ? error.message : String(error);
  return rejectsType(error) ? { file, id, passed: false, unknown: true, message } : { file, id, passed: false, message };
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
    return { file, id: c.id, passed: false, unknown: true, message: `target "${target.name}" runs no ${OPTIMIZER_FORMAT} cases` };
  }
  try {
    const run = await target.runOptimizerCase(c);
    const message = compareOptimizerRun(c, run, toleranceFor(c, target.precision));
    return message === null ? { file, id: c.id, passed: true } : { file, id: c.id, passed: false, message };
  } catch (error) {
    return thrown(file, c.id, error);
  }
}

/** Runs one augmentation case on a target and compares it with the expected image. */
export async function runAugmentCase(target: ConformanceTarget, c: AugmentCase, file = ''): Promise<CaseResult> {
  if (target.runAugmentCase === undefined) {
    return { file, id: c.id, passed: false, unknown: true, message: `target "${target.name}" runs no ${AUGMENT_FORMAT} cases` };
  }
  try {
    const message = compareAugmentRun(c, await target.runAugmentCase(c));
    return message === null ? { file, id: c.id, passed: true } : { file, id: c.id, passed: false, message };
  } catch (error) {
    return thrown(file, c.id, error);
  }
}

/** Runs every case of a parsed file. */
export async function runVectorFile(target: ConformanceTarget, file: VectorFile): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  if (file.format === OPTIMIZER_FORMAT) for (const c of file.cases) results.push(await runOptimizerCase(target, c, file.path));
  else for (const c of file.cases) results.push(await runAugmentCase(target, c, file.path));
  return results;
}
