import { augmentWarp, DescentError } from '@descent/core';
import { adjustBrightness, adjustContrast } from './affine';
import { adjustHue, adjustSaturation, grayscale } from './color';
import { kernels, type Kernels } from './kernels';
import type { Plan, Step } from './plan';
import { sampleGeometry } from './sample';
import type { Region } from './storage';
import { erase, normalize, pcaLighting } from './values';
import { adjustSharpness, autocontrast, equalize, gaussianBlur, permuteChannels, tone } from './tone';
import { warpImage } from './warp';
import type { Slot } from './workspace';

const valuesOf = (r: { height: number; width: number; channels: number }): number => r.height * r.width * r.channels;

/** Runs a value op on an image in the workspace: in place, or into a new slot when the shape or kind changes. */
function runValue(k: Kernels, step: Extract<Step, { kind: 'value' }>, image: Slot): Slot {
  const ws = k.workspace;
  const op = step.op;
  switch (op.type) {
    case 'adjustBrightness':
      adjustBrightness(k, image, op.params.factor);
      return image;
    case 'adjustContrast':
      adjustContrast(k, image, op.params.factor);
      return image;
    case 'grayscale':
    case 'normalize': {
      const out = op.type === 'normalize' && step.pixels === image.pixels ? image : ws.slot(step.pixels, step.output);
      if (op.type === 'grayscale') grayscale(ws.view(image), ws.view(out));
      else normalize(ws.view(image), ws.view(out), op.params);
      return out;
    }
    case 'adjustSaturation':
      adjustSaturation(ws.view(image), ws.view(image), op.params.factor);
      return image;
    case 'adjustHue':
      adjustHue(ws.view(image), ws.view(image), op.params.factor);
      return image;
    case 'erase':
      erase(ws.view(image), ws.view(image), op.params);
      return image;
    case 'pcaLighting':
      pcaLighting(ws.view(image), ws.view(image), op.params);
      return image;
    case 'invert':
    case 'solarize':
    case 'posterize':
    case 'adjustGamma':
      tone(ws.view(image), ws.view(image), op);
      return image;
    case 'equalize':
      equalize(ws.view(image), ws.view(image));
      return image;
    case 'autocontrast':
      autocontrast(ws.view(image), ws.view(image));
      return image;
    case 'permuteChannels':
      permuteChannels(ws.view(image), ws.view(image), op.params);
      return image;
    case 'adjustSharpness':
    case 'gaussianBlur': {
      const out = ws.slot(step.pixels, step.output);
      if (op.type === 'gaussianBlur') gaussianBlur(ws.view(image), ws.view(out), op.params);
      else adjustSharpness(ws.view(image), ws.view(out), op.params);
      return out;
    }
    case 'rotate':
    case 'affine':
    case 'perspective':
    case 'elastic': {
      const out = ws.slot(step.pixels, step.output);
      warpImage(ws.view(image), ws.view(out), augmentWarp(op, image)!);
      return out;
    }
    default:
      throw new DescentError(`${op.where}.type`, op.type, 'an op with a value kernel');
  }
}

/** Runs steps on an image in the workspace and returns the slot of the result. */
function runSteps(k: Kernels, steps: readonly Step[], image: Slot): Slot {
  let current = image;
  for (const step of steps) {
    if (step.kind === 'geometry') {
      const next = k.workspace.slot(step.pixels, step.output);
      sampleGeometry(k, current, step.geometry, next);
      current = next;
    } else if (step.kind === 'mix') current = runMix(k, step, current);
    else current = runValue(k, step, current);
  }
  return current;
}

/**
 * AugMix's blend, in float32 as torchvision sums it: mix·x, then + weight·chain(x) chain by
 * chain, each chain run on its own copy of x; bytes are stored rounded and clamped.
 */
function runMix(k: Kernels, step: Extract<Step, { kind: 'mix' }>, image: Slot): Slot {
  const ws = k.workspace;
  const n = valuesOf(image);
  const sum = new Float32Array(n);
  const source = ws.view(image);
  const mix = Math.fround(step.mix);
  for (let i = 0; i < n; i++) sum[i] = mix * source.data[source.offset + i];
  step.chains.forEach((plan, c) => {
    const copy = ws.slot(step.pixels, image);
    const [from, to] = [ws.view(image), ws.view(copy)];
    to.data.copyWithin(to.offset, from.offset, from.offset + n);
    const out = ws.view(runSteps(k, plan.steps, copy));
    const weight = Math.fround(step.weights[c]);
    for (let i = 0; i < n; i++) sum[i] += Math.fround(weight * out.data[out.offset + i]);
  });
  const target = ws.view(image);
  target.data.set(sum, target.offset);
  return image;
}

/**
 * Runs a plan on one image: copies it into the workspace, runs every pass there (in
 * place where the shape and kind stay), and copies the result to `out`. `src` is never written.
 */
export function runPlan(plan: Plan, src: Region, out: Region): void {
  const k = kernels();
  const ws = k.workspace;
  ws.reset();
  const image = ws.slot(plan.inputPixels, plan.input);
  const inView = ws.view(image);
  inView.data.set(src.data.subarray(src.offset, src.offset + valuesOf(src)), inView.offset);
  const result = ws.view(runSteps(k, plan.steps, image));
  out.data.set(result.data.subarray(result.offset, result.offset + valuesOf(result)), out.offset);
}
