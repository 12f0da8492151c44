import type { Activation, LayerArrays } from './network';
import type { LayerGradients, NetParameters } from './parameters';

/**
 * One training sample through a net: the forward pass, then the gradient of
 * ½·Σ(output − target)², times `scale`, added into the gradient buffers. Returns
 * Σ(target − output)².
 */
export type SampleStep = (input: ArrayLike<number>, target: ArrayLike<number>, scale: number) => number;

/**
 * Nets with at most this many weights and biases are printed. The statements grow with every
 * one of them, and V8 optimizes a function only up to a size: in Node 20 a net of about 600
 * values already runs unoptimized, 20× slower than the loops. Up to here the printed pass
 * takes 0.4–0.5 of the loops' time (2-3-1: 68 ns against 164 per sample).
 */
export const UNROLLED_UP_TO = 256;

/** Each activation and its derivative from the output, as printed JavaScript over named values (`alpha`: leaky ReLU's slope). */
const PRINTED: Record<Activation, { activate: (z: string) => string; slope: (y: string) => string }> = {
  sigmoid: { activate: (z) => `1 / (1 + Math.exp(-${z}))`, slope: (y) => `${y} * (1 - ${y})` },
  relu: { activate: (z) => `${z} < 0 ? 0 : ${z}`, slope: (y) => `${y} > 0 ? 1 : 0` },
  'leaky-relu': { activate: (z) => `Math.max(${z}, alpha * ${z})`, slope: (y) => `${y} > 0 ? 1 : alpha` },
  tanh: { activate: (z) => `Math.tanh(${z})`, slope: (y) => `1 - ${y} * ${y}` },
};

/**
 * A small dense net's training pass, printed as straight-line JavaScript: every weight read
 * by its index, every activation a local value, no loop (a zero delta's row is skipped, as
 * the loops skip it). It computes what Propagation's `forward(input, true)` then `backward(target, scale)`
 * compute without dropout, operation for operation (the same four partial sums per unit,
 * the same order of additions), so the two agree bit for bit. Returns null for a net with
 * more than UNROLLED_UP_TO values, or where `new Function` is forbidden (a content security
 * policy): Propagation's loops then run.
 *
 * It writes the parameters' gradient buffers (none for a frozen tensor) and stops below
 * their lowest trainable layer, as backward does.
 */
export function unrolledPropagation(parameters: NetParameters, activation: Activation, alpha: number): SampleStep | null {
  const { layers, layerGradients: gradients, lowestTrainable } = parameters;
  const size = layers.reduce((sum, { nodes, incoming }) => sum + nodes * (incoming + 1), 0);
  if (size > UNROLLED_UP_TO) return null;
  const names: string[] = ['alpha'];
  const values: unknown[] = [alpha];
  const bind = (name: string, value: unknown) => {
    names.push(name);
    values.push(value);
  };
  layers.forEach(({ layer, weights, biases }) => {
    bind(`w${layer}`, weights);
    bind(`b${layer}`, biases);
    if (gradients[layer].weights !== null) bind(`gw${layer}`, gradients[layer].weights);
    if (gradients[layer].biases !== null) bind(`gb${layer}`, gradients[layer].biases);
  });
  const body = printPass(layers, gradients, lowestTrainable, PRINTED[activation]);
  try {
    return new Function(...names, `"use strict";\nreturn function sampleStep(input, target, scale) {\n${body}\n};`)(...values) as SampleStep;
  } catch {
    return null;
  }
}

/** The body of the pass: `a<l>_<j>` is unit j's output in layer l (a0: the input), `d<l>_<j>` its delta. */
function printPass(layers: readonly LayerArrays[], gradients: readonly LayerGradients[], lowestTrainable: number, printed: (typeof PRINTED)[Activation]): string {
  const lines: string[] = [];
  const L = layers.length;
  for (let k = 0; k < layers[0].incoming; k++) lines.push(`const a0_${k} = input[${k}];`);
  for (const { layer, nodes, incoming } of layers) {
    for (let j = 0; j < nodes; j++) {
      lines.push(`const z${layer}_${j} = b${layer}[${j}] + ${partialSums(layer, j * incoming, incoming)};`);
      lines.push(`const a${layer}_${j} = ${printed.activate(`z${layer}_${j}`)};`);
    }
  }
  lines.push('let squared = 0;');
  for (let j = 0; j < layers[L - 1].nodes; j++) {
    lines.push(`const e${L}_${j} = a${L}_${j} - target[${j}];`, `squared += e${L}_${j} * e${L}_${j};`);
    lines.push(`const d${L}_${j} = e${L}_${j} * (${printed.slope(`a${L}_${j}`)}) * scale;`);
  }
  for (let l = L; l >= 1; l--) {
    const { weights, biases } = gradients[l];
    const below = lowestTrainable < l;
    if (weights === null && biases === null && !below) break;
    const { nodes, incoming } = layers[l - 1];
    if (below) for (let k = 0; k < incoming; k++) lines.push(`let e${l - 1}_${k} = 0;`);
    for (let j = 0; j < nodes; j++) {
      const d = `d${l}_${j}`;
      const row: string[] = [];
      if (biases !== null) row.push(`gb${l}[${j}] += ${d};`);
      for (let k = 0; k < incoming; k++) {
        const at = j * incoming + k;
        if (weights !== null) row.push(`gw${l}[${at}] += ${d} * a${l - 1}_${k};`);
        if (below) row.push(`e${l - 1}_${k} += w${l}[${at}] * ${d};`);
      }
      lines.push(`if (${d} !== 0) {`, ...row.map((line) => `  ${line}`), '}');
    }
    if (below) for (let k = 0; k < incoming; k++) lines.push(`const d${l - 1}_${k} = e${l - 1}_${k} * (${printed.slope(`a${l - 1}_${k}`)});`);
  }
  lines.push('return squared;');
  return lines.map((line) => `  ${line}`).join('\n');
}

/**
 * Σ w·a over a unit's inputs as Propagation's dense loop adds them: four partial sums, the
 * k-th input into sum k mod 4 while four remain, the rest into the first, then
 * (s0 + s1) + (s2 + s3); each sum starts at 0.
 */
function partialSums(layer: number, base: number, incoming: number): string {
  const sums = ['0', '0', '0', '0'];
  const term = (k: number) => `w${layer}[${base + k}] * a${layer - 1}_${k}`;
  let k = 0;
  for (; k + 3 < incoming; k += 4) for (let s = 0; s < 4; s++) sums[s] = `(${sums[s]} + ${term(k + s)})`;
  for (; k < incoming; k++) sums[0] = `(${sums[0]} + ${term(k)})`;
  return `((${sums[0]} + ${sums[1]}) + (${sums[2]} + ${sums[3]}))`;
}
