import { DescentError, isPlainObject } from '@descent/core';

/** The `format` of optimizer vectors. */
export const OPTIMIZER_FORMAT = 'descent-conformance/1';
/** The `format` of augmentation vectors. */
export const AUGMENT_FORMAT = 'descent-augment/1';

/**
 * The loosest relative tolerance a case may ask for. A check that cannot fail is a defect:
 * a file asking for more is malformed (a case too sensitive for it is redesigned).
 */
export const MAX_RTOL = 1e-2;
/**
 * The loosest absolute tolerance of an optimizer case: atol only decides for expected values
 * below atol/rtol in magnitude, and 1e-4 = MAX_RTOL·1e-2 keeps every value of magnitude
 * ≥ 1e-2 (the vectors' parameters are normal draws, almost all far larger) held to at most
 * 2 % — the ratio atol = rtol/100 of every rung of the generators' tolerance ladder.
 */
export const MAX_ATOL = 1e-4;
/**
 * The loosest absolute tolerance of an augmentation case: below half a level of an 8-bit
 * image (1/510 ≈ 2e-3 in 0..1 units), so a pixel one level off always fails.
 */
export const MAX_AUGMENT_ATOL = 1e-3;
/**
 * The loosest tolerance of a uint8 augmentation case, in levels 0..255: one level, for ops
 * where torchvision truncates its uint8 result (autocontrast, sharpness, grayscale, its blends:
 * brightness, saturation, contrast, AugMix's mix) while
 * @descent/augment rounds it; a case checked exactly leaves `atol` out (0).
 */
export const MAX_UINT8_ATOL = 1;

/** A tensor in a vector file: its shape and row-major values. */
export interface VectorTensor {
  shape: number[];
  values: number[];
}

/** One optimizer case: open-loop (`grads`) or closed-loop (`objective` + `steps`). */
export interface OptimizerCase {
  id: string;
  optimizer: Record<string, unknown>;
  schedule?: Record<string, unknown>;
  transforms?: Record<string, unknown>[];
  average?: Record<string, unknown>;
  /** Lookahead around the rule (`{ k, alpha }`). */
  lookahead?: Record<string, unknown>;
  params: VectorTensor[];
  /** grads[s][i]: the raw gradient of tensor i at step s (open-loop). */
  grads?: number[][][];
  /** The objective of a closed-loop case. */
  objective?: Record<string, unknown>;
  /** Steps of a closed-loop case. */
  steps?: number;
  /** Metrics reported to the schedule after each step (reduceOnPlateau). An extension of this project's vectors. */
  metrics?: number[];
  expected: number[][][];
  expectedLearningRates?: number[];
  expectedAverage?: number[][];
  expectedLoss?: number[];
  rtol?: number;
  atol?: number;
}

/**
 * Boxes, keypoints and labels that move with a case's image: boxes 4 numbers each in
 * `boxFormat` (pixels, or fractions of the image with `normalized`), keypoints (x, y,
 * visibility) triples, one label per box, and the limits below which a box is dropped.
 */
export interface CaseTargets {
  boxFormat: 'xyxy' | 'xywh' | 'cxcywh';
  normalized: boolean;
  minSize: number;
  minArea: number;
  minVisibility: number;
  boxes: number[];
  keypoints: number[];
  labels: number[];
}

/** The targets after the op: the kept boxes (same format), every keypoint, the kept boxes' labels. */
export interface ExpectedTargets {
  boxes: number[];
  keypoints: number[];
  labels: number[];
}

/**
 * An image of an augmentation case: float values (0..1 for photos) or, with `dtype: "uint8"`,
 * integer levels 0..255 (a Uint8Array image, meaning level/255).
 */
export interface ImageTensor extends VectorTensor {
  dtype?: 'float32' | 'uint8';
}

/** One augmentation case: a deterministic op, its input and expected output (and, optionally, targets that move with the image). */
export interface AugmentCase {
  id: string;
  op: Record<string, unknown>;
  input: ImageTensor;
  expected: ImageTensor;
  targets?: CaseTargets;
  expectedTargets?: ExpectedTargets;
  atol?: number;
}

/** A parsed vector file. */
export type VectorFile =
  | { format: typeof OPTIMIZER_FORMAT; path: string; cases: OptimizerCase[] }
  | { format: typeof AUGMENT_FORMAT; path: string; cases: AugmentCase[] };

/** A vector file that cannot be used: a DescentError naming the file and what is wrong. */
export class VectorFileError extends DescentError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super('vector file', path, reason);
    this.message = `${path}: ${reason}`;
    this.name = 'VectorFileError';
  }
}

const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
/** A tensor with at least one value (an empty one has nothing to compare, so it could never fail). */
const isTensor = (v: unknown): v is VectorTensor =>
  isPlainObject(v) &&
  Array.isArray(v.shape) &&
  v.shape.every((d) => Number.isInteger(d) && d >= 1) &&
  isNumberArray(v.values) &&
  v.values.length === (v.shape as number[]).reduce((a, b) => a * b, 1);

/** Fails unless `c[key]` is absent or a number in [0, max]. */
function checkTolerance(c: Record<string, unknown>, key: 'rtol' | 'atol', max: number, at: string, fail: (reason: string) => never): void {
  const value = c[key];
  if (value === undefined || (typeof value === 'number' && value >= 0 && value <= max)) return;
  fail(`${at}: "${key}" must be a number in [0, ${max}]: a looser tolerance is a check that cannot fail (got ${JSON.stringify(value)})`);
}

function assertOptimizerCase(c: unknown, where: string, fail: (reason: string) => never): asserts c is OptimizerCase {
  if (!isPlainObject(c)) fail(`${where} is not an object`);
  const id = c.id;
  const at = typeof id === 'string' && id.length > 0 ? `case "${id}"` : fail(`${where} has no string "id"`);
  if (!isPlainObject(c.optimizer)) fail(`${at}: "optimizer" must be a config object`);
  if (!Array.isArray(c.params) || c.params.length === 0 || !c.params.every(isTensor)) {
    fail(`${at}: "params" must be a non-empty array of { shape, values } with at least one value each, matching the shape`);
  }
  const params = c.params as VectorTensor[];
  const openLoop = c.grads !== undefined;
  let steps: number;
  if (openLoop) {
    if (!Array.isArray(c.grads) || c.grads.length === 0) fail(`${at}: "grads" must be a non-empty array of steps`);
    (c.grads as unknown[]).forEach((step, s) => {
      if (!Array.isArray(step) || step.length !== params.length) fail(`${at}: grads[${s}] must hold ${params.length} tensors`);
      step.forEach((g, i) => {
        if (!isNumberArray(g) || g.length !== params[i].values.length) fail(`${at}: grads[${s}][${i}] must hold ${params[i].values.length} numbers`);
      });
    });
    steps = (c.grads as unknown[]).length;
  } else {
    if (!isPlainObject(c.objective)) fail(`${at}: needs "grads" (open-loop) or "objective" and "steps" (closed-loop)`);
    if (!Number.isInteger(c.steps) || (c.steps as number) < 1) fail(`${at}: "steps" must be an integer ≥ 1`);
    steps = c.steps as number;
  }
  if (!Array.isArray(c.expected) || c.expected.length !== steps) fail(`${at}: "expected" must hold ${steps} steps`);
  (c.expected as unknown[]).forEach((step, s) => {
    if (!Array.isArray(step) || step.length !== params.length || !step.every((t, i) => isNumberArray(t) && t.length === params[i].values.length)) {
      fail(`${at}: expected[${s}] must hold ${params.length} tensors shaped like params`);
    }
  });
  if (c.expectedLearningRates !== undefined && !(isNumberArray(c.expectedLearningRates) && c.expectedLearningRates.length === steps)) {
    fail(`${at}: "expectedLearningRates" must hold ${steps} numbers`);
  }
  if (c.expectedLoss !== undefined && !(isNumberArray(c.expectedLoss) && c.expectedLoss.length === steps)) {
    fail(`${at}: "expectedLoss" must hold ${steps} numbers`);
  }
  if (c.metrics !== undefined && !(isNumberArray(c.metrics) && c.metrics.length === steps)) fail(`${at}: "metrics" must hold ${steps} numbers`);
  if (c.expectedAverage !== undefined) {
    const avg = c.expectedAverage;
    if (!Array.isArray(avg) || avg.length !== params.length || !avg.every((t, i) => isNumberArray(t) && t.length === params[i].values.length)) {
      fail(`${at}: "expectedAverage" must hold ${params.length} tensors shaped like params`);
    }
  }
  if (c.schedule !== undefined && !isPlainObject(c.schedule)) fail(`${at}: "schedule" must be a config object`);
  if (c.average !== undefined && !isPlainObject(c.average)) fail(`${at}: "average" must be a config object`);
  if (c.lookahead !== undefined && !isPlainObject(c.lookahead)) fail(`${at}: "lookahead" must be a config object`);
  if (c.transforms !== undefined && !(Array.isArray(c.transforms) && c.transforms.every(isPlainObject))) {
    fail(`${at}: "transforms" must be an array of config objects`);
  }
  checkTolerance(c, 'rtol', MAX_RTOL, at, fail);
  checkTolerance(c, 'atol', MAX_ATOL, at, fail);
}

function assertAugmentCase(c: unknown, where: string, fail: (reason: string) => never): asserts c is AugmentCase {
  if (!isPlainObject(c)) fail(`${where} is not an object`);
  const at = typeof c.id === 'string' && c.id.length > 0 ? `case "${c.id}"` : fail(`${where} has no string "id"`);
  if (!isPlainObject(c.op)) fail(`${at}: "op" must be an op object`);
  if (!isTensor(c.input)) fail(`${at}: "input" must be { shape, values } with at least one value, matching the shape`);
  if (!isTensor(c.expected)) fail(`${at}: "expected" must be { shape, values } with at least one value, matching the shape`);
  if ((c.targets === undefined) !== (c.expectedTargets === undefined)) fail(`${at}: "targets" and "expectedTargets" come together`);
  if (c.targets !== undefined) checkTargets(c.targets, c.expectedTargets, at, fail);
  const bytes = checkDtypes(c.input, c.expected, at, fail);
  checkTolerance(c, 'atol', bytes ? MAX_UINT8_ATOL : MAX_AUGMENT_ATOL, at, fail);
}

/** A case's image once its shape and values are checked, its dtype not yet. */
type ImageCandidate = VectorTensor & { dtype?: unknown };

/** Checks the images' `dtype`s (absent, "float32" or "uint8" with levels 0..255, the same on both); true for uint8 cases. */
function checkDtypes(input: ImageCandidate, expected: ImageCandidate, at: string, fail: (reason: string) => never): boolean {
  const kind = (t: ImageCandidate, name: string) => {
    if (t.dtype === undefined || t.dtype === 'float32') return 'float32';
    if (t.dtype !== 'uint8') fail(`${at}: "${name}.dtype" must be "float32" or "uint8"`);
    if (!t.values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) fail(`${at}: "${name}.values" must be integers in 0..255 (dtype "uint8")`);
    return 'uint8';
  };
  const bytes = kind(input, 'input') === 'uint8';
  if (bytes !== (kind(expected, 'expected') === 'uint8')) fail(`${at}: "input.dtype" and "expected.dtype" must be the same`);
  return bytes;
}

/** Checks a case's targets and expected targets (lists of the right widths, known format and limits). */
function checkTargets(targets: unknown, expected: unknown, at: string, fail: (reason: string) => never): void {
  if (!isPlainObject(targets) || !isPlainObject(expected)) fail(`${at}: "targets" and "expectedTargets" must be objects`);
  if (!['xyxy', 'xywh', 'cxcywh'].includes(targets.boxFormat as string)) fail(`${at}: "targets.boxFormat" must be "xyxy", "xywh" or "cxcywh"`);
  if (typeof targets.normalized !== 'boolean') fail(`${at}: "targets.normalized" must be true or false`);
  for (const limit of ['minSize', 'minArea', 'minVisibility']) {
    if (typeof targets[limit] !== 'number' || !((targets[limit] as number) >= 0)) fail(`${at}: "targets.${limit}" must be a number ≥ 0`);
  }
  for (const [name, list, width] of [['targets.boxes', targets.boxes, 4], ['targets.keypoints', targets.keypoints, 3], ['targets.labels', targets.labels, 1], ['expectedTargets.boxes', expected.boxes, 4], ['expectedTargets.keypoints', expected.keypoints, 3], ['expectedTargets.labels', expected.labels, 1]] as const) {
    if (!isNumberArray(list) || list.length % width !== 0) fail(`${at}: "${name}" must be an array of numbers, ${width} per item`);
  }
  if ((targets.labels as number[]).length * 4 !== (targets.boxes as number[]).length) fail(`${at}: "targets.labels" must hold one label per box`);
  if ((targets.boxes as number[]).length + (targets.keypoints as number[]).length === 0) fail(`${at}: "targets" has no box and no keypoint, so it could never fail`);
  if ((expected.keypoints as number[]).length !== (targets.keypoints as number[]).length) fail(`${at}: "expectedTargets.keypoints" must hold every keypoint`);
}

/** The cases, once no id appears twice. */
function uniqueIds<C extends { id: string }>(cases: C[], fail: (reason: string) => never): C[] {
  const ids = new Set<string>();
  for (const { id } of cases) {
    if (ids.has(id)) fail(`case id "${id}" appears twice`);
    ids.add(id);
  }
  return cases;
}

/** Checks the parsed JSON of a vector file, throwing VectorFileError with what is wrong. */
export function parseVectorFile(path: string, json: unknown): VectorFile {
  const fail: (reason: string) => never = (reason) => {
    throw new VectorFileError(path, reason);
  };
  if (!isPlainObject(json)) fail('not a JSON object');
  const { format, cases } = json;
  if (format !== OPTIMIZER_FORMAT && format !== AUGMENT_FORMAT) {
    fail(`"format" is ${JSON.stringify(format)}; expected "${OPTIMIZER_FORMAT}" or "${AUGMENT_FORMAT}"`);
  }
  if (!Array.isArray(cases) || cases.length === 0) fail('"cases" must be a non-empty array: a file without cases cannot fail');
  const list: unknown[] = cases;
  if (format === OPTIMIZER_FORMAT) {
    const checked = list.map((c, i) => {
      assertOptimizerCase(c, `cases[${i}]`, fail);
      return c;
    });
    return { format, path, cases: uniqueIds(checked, fail) };
  }
  const checked = list.map((c, i) => {
    assertAugmentCase(c, `cases[${i}]`, fail);
    return c;
  });
  return { format: AUGMENT_FORMAT, path, cases: uniqueIds(checked, fail) };
}
