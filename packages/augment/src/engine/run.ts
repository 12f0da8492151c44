import { copy, adjustBrightness, adjustContrast, adjustHue, adjustSaturation, grayscale } from './color';
import type { PixelKind, Plan, Step } from './plan';
import { sampleGeometry } from './sample';
import { allocate, type Region } from './storage';
import { erase, normalize, pcaLighting } from './values';

const pixelCount = (r: { height: number; width: number; channels: number }): number => r.height * r.width * r.channels;

/** True when a step cannot write over its input: it changes the shape or the element type. */
function needsNewBuffer(step: Step, before: PixelKind): boolean {
  return step.kind === 'geometry' || step.op.type === 'grayscale' || step.pixels !== before;
}

function runValue(step: Extract<Step, { kind: 'value' }>, src: Region, dst: Region): void {
  const op = step.op;
  switch (op.type) {
    case 'adjustBrightness':
      return adjustBrightness(src, dst, op.params.factor);
    case 'adjustContrast':
      return adjustContrast(src, dst, op.params.factor);
    case 'adjustSaturation':
      return adjustSaturation(src, dst, op.params.factor);
    case 'adjustHue':
      return adjustHue(src, dst, op.params.factor);
    case 'grayscale':
      return grayscale(src, dst);
    case 'normalize':
      return normalize(src, dst, op.params);
    case 'erase':
      return erase(src, dst, op.params);
    case 'pcaLighting':
      return pcaLighting(src, dst, op.params);
    default:
      throw new Error(`${op.where} has no value kernel`);
  }
}

/**
 * Runs a plan on one image, writing the result to `out` (shaped like plan.output).
 * Passes that change the shape write to scratch buffers, except the last one, which
 * writes to `out`; every later pass works on `out` in place. `src` is never written.
 */
export function runPlan(plan: Plan, src: Region, out: Region): void {
  const { steps } = plan;
  const kindBefore = (k: number): PixelKind => (k === 0 ? plan.inputPixels : steps[k - 1].pixels);
  let lastNew = 0;
  for (let k = 0; k < steps.length; k++) if (needsNewBuffer(steps[k], kindBefore(k))) lastNew = k;
  let current = src;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k];
    let dst: Region;
    if (k >= lastNew) dst = out;
    else if (current !== src && !needsNewBuffer(step, kindBefore(k))) dst = current;
    else dst = { data: allocate(step.pixels, pixelCount(step.output)), offset: 0, ...step.output };
    if (step.kind === 'geometry') sampleGeometry(current, step.geometry, dst);
    else runValue(step, current, dst);
    current = dst;
  }
  if (steps.length === 0) copy(src, out);
}
