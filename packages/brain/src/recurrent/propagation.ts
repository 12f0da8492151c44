import { createCell, type Cell, type LayerSlots, type StepCache } from './cells';
import type { ParameterSlot } from './gate';
import type { RecurrentKind } from './net';

/** A formatted training sequence: token indices (RNN, LSTM, GRU) or vectors (the TimeStep nets). */
export type Sequence = readonly number[] | readonly Float32Array[];

/** What one sequence's pass gives: the loss the gradient is of, and the error brain.js reports for it. */
export interface SequenceResult {
  /** Token nets: Σ over steps of −ln p(target) (softmax cross-entropy); TimeStep nets: Σ over steps of ½‖output − next‖². */
  loss: number;
  /** brain.js's error: 2^(Σ −log₂ p / (n − 1)) / 100 for n tokens (n − 1 at least 1); Σ|output − next| / n for n vectors. */
  error: number;
}

/** Dropout masks of one sequence (scaled by 1/(1 − rate), null where there is no dropout), the same at every step. */
export interface SequenceMasks {
  /** On the sequence's inputs (the lookup row or the vector). */
  input: Float64Array | null;
  /** On each hidden layer's output where the next layer (or the output) reads it. */
  up: (Float64Array | null)[];
  /** On each hidden layer's previous output where its own matrices read it. */
  recurrent: (Float64Array | null)[];
}

/** The parameters of a net's layers, by brain.js's names. */
export interface NetSlots {
  /** The token lookup table ((inputRange + 1) × inputSize), token nets only. */
  input: ParameterSlot | null;
  hidden: LayerSlots[];
  outputConnector: ParameterSlot;
  output: ParameterSlot;
}

/** Multiplies in place by a mask, or leaves the values when there is none. */
function applyMask(values: Float64Array, mask: Float64Array | null): void {
  if (mask !== null) for (let k = 0; k < values.length; k++) values[k] *= mask[k];
}

/**
 * Forward and backward passes of a brain.js recurrent net through whole sequences, over
 * its own matrices, as brain.js's training unrolls them: a token net reads the START
 * token (0) then each token and is taught each next token then END (0), with softmax
 * cross-entropy on its outputs; a TimeStep net reads each vector and is taught the next
 * one, with squared error (brain.js's output deltas are output − target). The gradient of
 * the sequence's loss, times a scale, accumulates into the parameters' gradients (exact
 * backpropagation through time, every step's contribution summed).
 */
export class SequencePropagation {
  private readonly cells: Cell[];
  private readonly sizes: number[];
  private readonly inputSize: number;
  private readonly outputSize: number;
  private readonly steps: StepCache[][] = [];
  private readonly xs: Float64Array[][] = [];
  private readonly hIns: Float64Array[][] = [];
  private readonly tops: Float64Array[] = [];
  private readonly dys: Float64Array[] = [];
  private readonly zeros: Float64Array[];
  private readonly dh: Float64Array[];
  private readonly dhNext: Float64Array[];
  private readonly dhIn: Float64Array[];
  private readonly dx: Float64Array[];
  private readonly dTop: Float64Array;
  private readonly noMasks: SequenceMasks;

  constructor(
    private readonly kind: RecurrentKind,
    private readonly slots: NetSlots,
    hiddenSizes: readonly number[],
    inputSize: number,
    outputSize: number,
  ) {
    this.sizes = [...hiddenSizes];
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.cells = hiddenSizes.map((size, l) => createCell(kind.cell, slots.hidden[l], size, l === 0 ? inputSize : hiddenSizes[l - 1]));
    const buffers = () => hiddenSizes.map((size) => new Float64Array(size));
    this.zeros = buffers();
    this.dh = buffers();
    this.dhNext = buffers();
    this.dhIn = buffers();
    this.dx = hiddenSizes.map((_, l) => new Float64Array(l === 0 ? inputSize : hiddenSizes[l - 1]));
    this.dTop = new Float64Array(hiddenSizes[hiddenSizes.length - 1]);
    this.noMasks = { input: null, up: hiddenSizes.map(() => null), recurrent: hiddenSizes.map(() => null) };
  }

  /** Steps a sequence is unrolled over: n + 1 for n tokens (START … END), n − 1 for n vectors. */
  stepCount(sequence: Sequence): number {
    return this.kind.timeStep ? sequence.length - 1 : sequence.length + 1;
  }

  /** Forward and backward through one sequence; the gradient of its loss, times `scale`, is added to the parameters'. */
  train(sequence: Sequence, scale: number, masks: SequenceMasks = this.noMasks): SequenceResult {
    const result = this.forward(sequence, masks, true, scale);
    this.backward(sequence, masks);
    return result;
  }

  /** The loss and error of one sequence at inference (no dropout, no gradients). */
  evaluate(sequence: Sequence): SequenceResult {
    return this.forward(sequence, this.noMasks, false, 0);
  }

  private ensureSteps(count: number): void {
    while (this.steps.length < count) {
      this.steps.push(this.cells.map((cell) => cell.newStep()));
      this.xs.push(this.cells.map((_, l) => new Float64Array(l === 0 ? this.inputSize : this.sizes[l - 1])));
      this.hIns.push(this.sizes.map((size) => new Float64Array(size)));
      this.tops.push(new Float64Array(this.sizes[this.sizes.length - 1]));
      this.dys.push(new Float64Array(this.outputSize));
    }
  }

  /** The layer-0 input of step t: a lookup row, or the t-th vector. */
  private readInput(sequence: Sequence, t: number, into: Float64Array): void {
    if (this.kind.timeStep) {
      into.set((sequence as readonly Float32Array[])[t]);
      return;
    }
    const token = t === 0 ? 0 : (sequence as readonly number[])[t - 1] + 1;
    const table = (this.slots.input as ParameterSlot).values;
    const base = token * this.inputSize;
    for (let k = 0; k < this.inputSize; k++) into[k] = table[base + k];
  }

  private forward(sequence: Sequence, masks: SequenceMasks, keepDeltas: boolean, scale: number): SequenceResult {
    const count = this.stepCount(sequence);
    this.ensureSteps(count);
    const last = this.cells.length - 1;
    const connector = this.slots.outputConnector.values;
    const bias = this.slots.output.values;
    let loss = 0;
    let errorSum = 0;
    for (let t = 0; t < count; t++) {
      for (let l = 0; l <= last; l++) {
        const x = this.xs[t][l];
        if (l === 0) this.readInput(sequence, t, x);
        else x.set(this.steps[t][l - 1].h);
        applyMask(x, l === 0 ? masks.input : masks.up[l - 1]);
        const hPrev = t === 0 ? this.zeros[l] : this.steps[t - 1][l].h;
        let hIn = hPrev;
        if (masks.recurrent[l] !== null) {
          hIn = this.hIns[t][l];
          hIn.set(hPrev);
          applyMask(hIn, masks.recurrent[l]);
        }
        this.cells[l].forward(this.steps[t][l], x, hPrev, hIn);
      }
      const top = this.tops[t];
      top.set(this.steps[t][last].h);
      applyMask(top, masks.up[last]);
      const y = this.dys[t];
      const width = top.length;
      for (let r = 0; r < this.outputSize; r++) {
        let sum = bias[r];
        for (let c = 0; c < width; c++) sum += connector[r * width + c] * top[c];
        y[r] = sum;
      }
      const step = this.kind.timeStep ? this.squaredError(y, (sequence as readonly Float32Array[])[t + 1]) : this.crossEntropy(y, this.targetToken(sequence as readonly number[], t));
      loss += step.loss;
      errorSum += step.error;
      if (keepDeltas) for (let r = 0; r < this.outputSize; r++) y[r] *= scale;
    }
    if (this.kind.timeStep) return { loss, error: errorSum / sequence.length };
    return { loss, error: Math.pow(2, errorSum / Math.max(sequence.length - 1, 1)) / 100 };
  }

  private targetToken(sequence: readonly number[], t: number): number {
    return t === sequence.length ? 0 : sequence[t] + 1;
  }

  /** Softmax cross-entropy of the logits y against a token; y becomes ∂loss/∂y = p − onehot. Error: −log₂ p. */
  private crossEntropy(y: Float64Array, target: number): { loss: number; error: number } {
    let max = -Infinity;
    for (let r = 0; r < y.length; r++) if (y[r] > max) max = y[r];
    let sum = 0;
    for (let r = 0; r < y.length; r++) {
      y[r] = Math.exp(y[r] - max);
      sum += y[r];
    }
    for (let r = 0; r < y.length; r++) y[r] /= sum;
    const p = y[target];
    y[target] -= 1;
    return { loss: -Math.log(p), error: -Math.log2(p) };
  }

  /** ½‖y − target‖²; y becomes ∂loss/∂y = y − target. Error: Σ|y − target|. */
  private squaredError(y: Float64Array, target: Float32Array): { loss: number; error: number } {
    let loss = 0;
    let error = 0;
    for (let r = 0; r < y.length; r++) {
      const d = y[r] - target[r];
      y[r] = d;
      loss += 0.5 * d * d;
      error += Math.abs(d);
    }
    return { loss, error };
  }

  private backward(sequence: Sequence, masks: SequenceMasks): void {
    const count = this.stepCount(sequence);
    const last = this.cells.length - 1;
    const connector = this.slots.outputConnector;
    const bias = this.slots.output;
    const width = this.dTop.length;
    for (const d of this.dhNext) d.fill(0);
    for (let t = count - 1; t >= 0; t--) {
      const dy = this.dys[t];
      const top = this.tops[t];
      const dTop = this.dTop;
      dTop.fill(0);
      for (let r = 0; r < this.outputSize; r++) {
        const d = dy[r];
        if (d === 0) continue;
        bias.gradient[r] += d;
        const base = r * width;
        for (let c = 0; c < width; c++) {
          connector.gradient[base + c] += d * top[c];
          dTop[c] += connector.values[base + c] * d;
        }
      }
      applyMask(dTop, masks.up[last]);
      this.dh[last].set(dTop);
      for (let l = last; l >= 0; l--) {
        const dh = this.dh[l];
        const dhNext = this.dhNext[l];
        for (let k = 0; k < dh.length; k++) dh[k] += dhNext[k];
        const hPrev = t === 0 ? this.zeros[l] : this.steps[t - 1][l].h;
        const hIn = masks.recurrent[l] === null ? hPrev : this.hIns[t][l];
        const dx = l === 0 && this.kind.timeStep ? null : this.dx[l];
        dx?.fill(0);
        dhNext.fill(0);
        const dhIn = this.dhIn[l];
        dhIn.fill(0);
        this.cells[l].backward(this.steps[t][l], this.xs[t][l], hPrev, hIn, dh, dx, dhNext, dhIn);
        const recurrentMask = masks.recurrent[l];
        for (let k = 0; k < dhNext.length; k++) dhNext[k] += recurrentMask === null ? dhIn[k] : recurrentMask[k] * dhIn[k];
        if (dx === null) continue;
        applyMask(dx, l === 0 ? masks.input : masks.up[l - 1]);
        if (l > 0) this.dh[l - 1].set(dx);
        else this.addToLookupRow(sequence as readonly number[], t, dx);
      }
    }
  }

  private addToLookupRow(sequence: readonly number[], t: number, dx: Float64Array): void {
    const token = t === 0 ? 0 : sequence[t - 1] + 1;
    const gradient = (this.slots.input as ParameterSlot).gradient;
    const base = token * this.inputSize;
    for (let k = 0; k < this.inputSize; k++) gradient[base + k] += dx[k];
  }
}
