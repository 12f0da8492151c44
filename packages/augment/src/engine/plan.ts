import { augMixChains, augmentGeometry, augmentOutputShape, composeAxes, DescentError, type Geometry, type ImageShape, type ResolvedAugmentOp } from '@descent/core';

/** The element type of pixels: floats (0..1) or bytes (0..255). */
export type PixelKind = 'float32' | 'uint8';

/** One pass over an image: a run of geometric ops fused into one sampling, or one value op. */
export type Step =
  | { readonly kind: 'geometry'; readonly geometry: Geometry; readonly output: ImageShape; readonly pixels: PixelKind }
  | { readonly kind: 'value'; readonly op: ResolvedAugmentOp; readonly output: ImageShape; readonly pixels: PixelKind }
  | { readonly kind: 'mix'; readonly chains: readonly Plan[]; readonly weights: readonly number[]; readonly mix: number; readonly output: ImageShape; readonly pixels: PixelKind };

/** The passes that apply a list of ops to images of one shape, and what comes out. */
export interface Plan {
  readonly steps: readonly Step[];
  readonly input: ImageShape;
  readonly inputPixels: PixelKind;
  readonly output: ImageShape;
  readonly pixels: PixelKind;
}

const hasMissing = (g: Geometry): boolean => g.rows.missing || g.cols.missing;

/**
 * Fuses two consecutive geometries when the result is exactly the same sampling: at
 * most one of them blends along each axis, and they do not fill outside positions
 * with different values.
 */
function fuse(first: Geometry, then: Geometry): Geometry | null {
  if (hasMissing(first) && hasMissing(then) && first.fill !== then.fill) return null;
  const rows = composeAxes(first.rows, then.rows);
  const cols = composeAxes(first.cols, then.cols);
  if (rows === null || cols === null) return null;
  return { rows, cols, fill: hasMissing(first) ? first.fill : then.fill };
}

/**
 * Checks every op against the shape it will meet (channels, padding limits) and turns
 * the list into passes: consecutive geometric ops fuse into one sampling where exact.
 */
export function planOps(ops: readonly ResolvedAugmentOp[], input: ImageShape, pixels: PixelKind): Plan {
  const steps: Step[] = [];
  let shape = input;
  let kind = pixels;
  for (const op of ops) {
    const output = augmentOutputShape(op, shape);
    const geometry = augmentGeometry(op, shape);
    if (geometry !== null) {
      const last = steps[steps.length - 1];
      const fused = last?.kind === 'geometry' ? fuse(last.geometry, geometry) : null;
      if (fused !== null) steps[steps.length - 1] = { kind: 'geometry', geometry: fused, output, pixels: kind };
      else steps.push({ kind: 'geometry', geometry, output, pixels: kind });
    } else if (op.type === 'augMix') {
      steps.push({ kind: 'mix', chains: planChains(op, shape, kind), weights: op.params.weights, mix: op.params.mix, output, pixels: kind });
    } else {
      if (op.type === 'normalize') kind = 'float32';
      steps.push({ kind: 'value', op, output, pixels: kind });
    }
    shape = output;
  }
  return { steps, input, inputPixels: pixels, output: shape, pixels: kind };
}

/** The plans of an augMix op's chains, each keeping the pixel kind it blends with. */
function planChains(op: Extract<ResolvedAugmentOp, { type: 'augMix' }>, shape: ImageShape, pixels: PixelKind): Plan[] {
  return augMixChains(op.params, op.where).map((chain, i) => {
    const plan = planOps(chain, shape, pixels);
    if (plan.pixels !== pixels) throw new DescentError(`${op.where}.chains[${i}]`, plan.pixels, `ops that keep ${pixels} pixels (no normalize)`);
    return plan;
  });
}
