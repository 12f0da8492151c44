/**
 * @descent/conformance — one suite for every backend: vectors recorded from PyTorch
 * and torchvision, the runner behind `descent-conformance`, and a jest helper.
 *
 * @packageDocumentation
 */
export * from './format';
export type { ConformanceTarget, TargetModule, OptimizerRun, AugmentRun } from './target';
export { close, compareOptimizerRun, compareAugmentRun, toleranceFor, DEFAULT_TOLERANCE, REFERENCE_TOLERANCE, DEFAULT_AUGMENT_ATOL } from './compare';
export type { Tolerance } from './compare';
export { readVectorFile, runOptimizerCase, runAugmentCase, runVectorFile } from './runner';
export type { CaseResult } from './runner';
export { loadTarget, targetNames, targetDescriptions, coreTarget, optimizerConfigOf } from './targets';
export { main } from './cli';
export type { Output } from './cli';
