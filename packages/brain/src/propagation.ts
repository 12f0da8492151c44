import type { Activation } from './network';
import { zero, type NetParameters } from './parameters';
import { unrolledPropagation, type SampleStep } from './unrolled-propagation';

const SIGMOID = 0;
const RELU = 1;
const LEAKY_RELU = 2;
const TANH = 3;
const CODES: Record<Activation, number> = { sigmoid: SIGMOID, relu: RELU, 'leaky-relu': LEAKY_RELU, tanh: TANH };

/** Below this fraction of live inputs a layer's loops visit only the live ones. */
const SPARSE_BELOW = 0.5;

/**
 * Layers narrower than this keep no list of live units (it stays 0 … n − 1): listing them
 * costs more than skipping their few zeros saves. Their dropped and dead units still add
 * nothing, as their values and deltas are 0 (while errors are finite).
 */
const LISTED_FROM = 32;

/** The activation of a pre-activation `v`. */
function activate(code: number, v: number, alpha: number): number {
  switch (code) {
    case SIGMOID:
      return 1 / (1 + Math.exp(-v));
    case RELU:
      return v < 0 ? 0 : v;
    case LEAKY_RELU:
      return Math.max(v, alpha * v);
    default:
      return Math.tanh(v);
  }
}

/** The activation's derivative, from its output (as brain.js computes its deltas). */
function slope(code: number, output: number, alpha: number): number {
  switch (code) {
    case SIGMOID:
      return output * (1 - output);
    case RELU:
      return output > 0 ? 1 : 0;
    case LEAKY_RELU:
      return output > 0 ? 1 : alpha;
    default:
      return 1 - output * output;
  }
}

/**
 * Forward and backward passes of a brain.js NeuralNetwork over its own weight arrays,
 * with dropout masks in both passes. brain.js's loss per sample is ½·Σ(target − output)²
 * (its deltas are the negative gradient of that with respect to each pre-activation);
 * `backward` accumulates the gradient of that loss, times a scale (1/batch size), into
 * the parameters' gradient buffers. Inputs that are zero (sparse data, dropped or dead
 * units) are skipped when most are, which changes no result but the order of additions.
 */
export class Propagation {
  /** outputs[l]: activations of layer l (l ≥ 1), before dropout; units a mask drops are not computed (left at 0). */
  readonly outputs: Float64Array[] = [];
  /**
   * inputs[l]: what layer l + 1 reads, layer l's activations after dropout (inputs[0]: the
   * sample); the very array outputs[l] for a hidden layer without dropout.
   */
  readonly inputs: Float64Array[] = [];
  /** masks[l]: the dropout mask on inputs[l], null for a layer without dropout. */
  readonly masks: (Float32Array | null)[];
  /** listed[l]: whether layer l lists its live units (see LISTED_FROM; never the output layer, which nothing reads); else live[l] stays 0 … n − 1. */
  private readonly listed: boolean[] = [];
  private readonly live: Int32Array[] = [];
  private readonly liveCount: number[] = [];
  private readonly deltas: Float64Array[] = [];
  private readonly errors: Float64Array[] = [];
  private readonly code: number;
  private readonly outputLayer: number;
  /** The printed pass of a small net without dropout whose layers list nothing (unrolled-propagation.ts), or null. */
  private readonly unrolled: SampleStep | null;

  constructor(
    private readonly parameters: NetParameters,
    activation: Activation,
    private readonly alpha: number,
    rates: readonly number[] = [],
    private readonly inferenceScales: readonly number[] = [],
  ) {
    this.code = CODES[activation];
    const layers = parameters.layers;
    this.outputLayer = layers.length;
    const sizes = [layers[0].incoming, ...layers.map((l) => l.nodes)];
    this.masks = sizes.slice(0, -1).map((size, l) => ((rates[l] ?? 0) > 0 ? new Float32Array(size) : null));
    for (let l = 0; l <= this.outputLayer; l++) {
      const outputs = new Float64Array(sizes[l]);
      const passedOn = l > 0 && l < this.outputLayer && this.masks[l] === null;
      this.outputs.push(outputs);
      this.inputs.push(passedOn ? outputs : new Float64Array(sizes[l]));
      this.listed.push(l < this.outputLayer && sizes[l] >= LISTED_FROM);
      const live = new Int32Array(sizes[l]);
      for (let k = 0; k < live.length; k++) live[k] = k;
      this.live.push(live);
      this.liveCount.push(sizes[l]);
      this.deltas.push(new Float64Array(sizes[l]));
      this.errors.push(new Float64Array(sizes[l]));
    }
    const plain = this.masks.every((mask) => mask === null) && !this.listed.includes(true);
    this.unrolled = plain ? unrolledPropagation(parameters, activation, alpha) : null;
  }

  /** Whether `trainSample` runs the printed pass (a small net without dropout, where `new Function` is allowed). */
  get printed(): boolean {
    return this.unrolled !== null;
  }

  /**
   * One training sample: `forward(sample, true)` then `backward(target, scale)` (fill the
   * masks first); returns Σ(target − output)². A small net without dropout runs both as one
   * printed function, the same arithmetic, which leaves `outputs` as the last `forward` left
   * them.
   */
  trainSample(sample: ArrayLike<number>, target: ArrayLike<number>, scale: number): number {
    if (this.unrolled !== null) return this.unrolled(sample, target, scale);
    this.forward(sample, true);
    return this.backward(target, scale);
  }

  /**
   * Runs one sample forward. `training` applies the dropout masks (fill them first);
   * otherwise each layer's inference scale (1, or 1 − rate for classic dropout on
   * train-form weights). Returns the output layer's activations.
   */
  forward(sample: ArrayLike<number>, training: boolean): Float64Array {
    this.load(sample, training);
    for (let l = 1; l <= this.outputLayer; l++) {
      this.affine(l, training && l < this.outputLayer ? this.masks[l] : null);
      if (l < this.outputLayer) this.gate(l, training);
    }
    return this.outputs[this.outputLayer];
  }

  /**
   * Backpropagates ½·Σ(output − target)² of the last forward pass, adding `scale` times its
   * gradient into the trainable tensors' gradient buffers. Returns Σ(target − output)².
   */
  backward(target: ArrayLike<number>, scale: number): number {
    const L = this.outputLayer;
    const output = this.outputs[L];
    const delta = this.deltas[L];
    let squared = 0;
    for (let j = 0; j < output.length; j++) {
      const error = output[j] - target[j];
      squared += error * error;
      delta[j] = error * slope(this.code, output[j], this.alpha) * scale;
    }
    const { layerGradients, lowestTrainable } = this.parameters;
    for (let l = L; l >= 1; l--) {
      const gradients = layerGradients[l];
      const below = lowestTrainable < l;
      if (gradients.weights === null && gradients.biases === null && !below) break;
      this.backLayer(l, gradients.weights, gradients.biases, below);
    }
    return squared;
  }

  /** brain.js's error at inference: the mean over samples of the mean squared output error. */
  inferenceError(samples: readonly { input: ArrayLike<number>; output: ArrayLike<number> }[]): number {
    let squared = 0;
    for (const { input, output: target } of samples) {
      const output = this.forward(input, false);
      for (let j = 0; j < output.length; j++) squared += (target[j] - output[j]) ** 2;
    }
    return squared / (samples.length * this.outputs[this.outputLayer].length);
  }

  private load(sample: ArrayLike<number>, training: boolean): void {
    const x = this.inputs[0];
    const mask = training ? this.masks[0] : null;
    const factor = training ? 1 : (this.inferenceScales[0] ?? 1);
    if (mask === null) for (let k = 0; k < x.length; k++) x[k] = sample[k] * factor;
    else for (let k = 0; k < x.length; k++) x[k] = sample[k] * mask[k];
    if (!this.listed[0]) return;
    const list = this.live[0];
    let count = 0;
    for (let k = 0; k < x.length; k++) if (x[k] !== 0) list[count++] = k;
    this.liveCount[0] = count;
  }

  /** Layer l's activations; a unit that `drop` drops is skipped and left at 0 (its output is multiplied by 0 anyway). */
  private affine(l: number, drop: Float32Array | null): void {
    const { weights: w, biases: b, incoming: n } = this.parameters.layers[l - 1];
    const x = this.inputs[l - 1];
    const out = this.outputs[l];
    const list = this.live[l - 1];
    const m = this.liveCount[l - 1];
    const { code, alpha } = this;
    if (m < n * SPARSE_BELOW) {
      for (let j = 0, base = 0; j < out.length; j++, base += n) {
        if (drop !== null && drop[j] === 0) {
          out[j] = 0;
          continue;
        }
        let s = 0;
        for (let t = 0; t < m; t++) {
          const k = list[t];
          s += w[base + k] * x[k];
        }
        out[j] = activate(code, b[j] + s, alpha);
      }
      return;
    }
    for (let j = 0, base = 0; j < out.length; j++, base += n) {
      if (drop !== null && drop[j] === 0) {
        out[j] = 0;
        continue;
      }
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k + 3 < n; k += 4) {
        s0 += w[base + k] * x[k];
        s1 += w[base + k + 1] * x[k + 1];
        s2 += w[base + k + 2] * x[k + 2];
        s3 += w[base + k + 3] * x[k + 3];
      }
      for (; k < n; k++) s0 += w[base + k] * x[k];
      out[j] = activate(code, b[j] + (s0 + s1 + (s2 + s3)), alpha);
    }
  }

  /** Applies dropout (or the inference scale) to layer l and lists its live units. */
  private gate(l: number, training: boolean): void {
    const out = this.outputs[l];
    const x = this.inputs[l];
    const mask = training ? this.masks[l] : null;
    const factor = training ? 1 : (this.inferenceScales[l] ?? 1);
    if (mask !== null) for (let j = 0; j < out.length; j++) x[j] = out[j] * mask[j];
    else if (x !== out) for (let j = 0; j < out.length; j++) x[j] = out[j] * factor;
    if (!this.listed[l]) return;
    // Live: what the next layer reads is not 0, or the unit can have a delta (it is kept and
    // its slope is not 0). A saturated sigmoid (output 1, slope 0) is read; a tanh at 0
    // (output 0, slope 1) has a delta.
    const list = this.live[l];
    const { code, alpha } = this;
    let count = 0;
    for (let j = 0; j < x.length; j++) {
      if (x[j] !== 0 || ((mask === null || mask[j] !== 0) && slope(code, out[j], alpha) !== 0)) list[count++] = j;
    }
    this.liveCount[l] = count;
  }

  /** Adds layer l's gradients (its live units' deltas) and, when `below`, sets layer l − 1's deltas. */
  private backLayer(l: number, gw: Float32Array | null, gb: Float32Array | null, below: boolean): void {
    const { weights: w, incoming: n } = this.parameters.layers[l - 1];
    const rows = this.live[l];
    const rowCount = this.liveCount[l];
    const delta = this.deltas[l];
    const x = this.inputs[l - 1];
    const list = this.live[l - 1];
    const m = this.liveCount[l - 1];
    const e = this.errors[l - 1];
    const sparse = m < n * SPARSE_BELOW;
    if (below) {
      if (sparse) for (let t = 0; t < m; t++) e[list[t]] = 0;
      else zero(e, n);
    }
    for (let r = 0; r < rowCount; r++) {
      const j = rows[r];
      const d = delta[j];
      if (d === 0) continue;
      if (gb !== null) gb[j] += d;
      const base = j * n;
      if (gw !== null && below) {
        if (sparse) gradientAndErrorSparse(gw, e, w, base, d, x, list, m);
        else gradientAndErrorDense(gw, e, w, base, d, x, n);
      } else if (gw !== null) {
        if (sparse) gradientSparse(gw, base, d, x, list, m);
        else gradientDense(gw, base, d, x, n);
      } else if (below) {
        if (sparse) errorSparse(e, w, base, d, list, m);
        else errorDense(e, w, base, d, n);
      }
    }
    if (!below) return;
    const previous = this.deltas[l - 1];
    const outputs = this.outputs[l - 1];
    const mask = this.masks[l - 1];
    const { code, alpha } = this;
    if (mask === null) {
      for (let t = 0; t < m; t++) {
        const k = list[t];
        previous[k] = e[k] * slope(code, outputs[k], alpha);
      }
    } else {
      for (let t = 0; t < m; t++) {
        const k = list[t];
        previous[k] = e[k] * mask[k] * slope(code, outputs[k], alpha);
      }
    }
  }
}

function gradientDense(gw: Float32Array, base: number, d: number, x: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) gw[base + k] += d * x[k];
}

function gradientSparse(gw: Float32Array, base: number, d: number, x: Float64Array, list: Int32Array, m: number): void {
  for (let t = 0; t < m; t++) {
    const k = list[t];
    gw[base + k] += d * x[k];
  }
}

function errorDense(e: Float64Array, w: Float32Array, base: number, d: number, n: number): void {
  for (let k = 0; k < n; k++) e[k] += w[base + k] * d;
}

function errorSparse(e: Float64Array, w: Float32Array, base: number, d: number, list: Int32Array, m: number): void {
  for (let t = 0; t < m; t++) {
    const k = list[t];
    e[k] += w[base + k] * d;
  }
}

function gradientAndErrorDense(gw: Float32Array, e: Float64Array, w: Float32Array, base: number, d: number, x: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    gw[base + k] += d * x[k];
    e[k] += w[base + k] * d;
  }
}

function gradientAndErrorSparse(gw: Float32Array, e: Float64Array, w: Float32Array, base: number, d: number, x: Float64Array, list: Int32Array, m: number): void {
  for (let t = 0; t < m; t++) {
    const k = list[t];
    gw[base + k] += d * x[k];
    e[k] += w[base + k] * d;
  }
}
