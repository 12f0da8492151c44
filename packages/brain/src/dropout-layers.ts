import { DescentError, dropoutInferenceScale, dropoutMask, type DropoutMode, type Random } from '@descent/core';
import type { LayerArrays } from './network';

/**
 * Dropout on a net's inputs and hidden layers: the rate of each layer's outputs, masks
 * drawn from the core's generator, and classic dropout's test-time factor. The net
 * always holds inference-form weights; with classic dropout, training runs on
 * train-form weights (the next layer's weights divided by 1 − rate), converted on entry
 * and back on exit, so a plain brain.js net computes h·(1 − rate) as classic dropout
 * prescribes. A layer whose weights are frozen reads inverted masks instead, which is
 * the same function and gradient and leaves its weights untouched.
 */
export class DropoutLayers {
  /** rates[l]: the dropout rate on layer l's outputs (l = 0: the inputs). */
  readonly rates: readonly number[];
  /** modes[l]: how layer l's mask scales while training. */
  readonly modes: readonly DropoutMode[];
  /** True when any layer has dropout. */
  readonly active: boolean;
  /** inferenceScales[l]: the factor on layer l's outputs at inference, for train-form weights (1 but for classic dropout). */
  readonly inferenceScales: readonly number[];

  constructor(rates: readonly number[], mode: DropoutMode, consumerFrozen: (layer: number) => boolean) {
    this.rates = rates;
    this.modes = rates.map((_, l) => (mode === 'classic' && !consumerFrozen(l + 1) ? 'classic' : 'inverted'));
    this.active = rates.some((r) => r > 0);
    this.inferenceScales = rates.map((r, l) => dropoutInferenceScale(r, this.modes[l]));
  }

  /**
   * The rate of every layer from the options: `dropout` for the hidden layers (one rate
   * or one per hidden layer) and `inputDropout` for the inputs.
   */
  static ratesFor(layerCount: number, dropout: number | readonly number[], inputDropout: number): number[] {
    const hidden = layerCount - 1;
    if (Array.isArray(dropout) && dropout.length !== hidden) {
      throw new DescentError('options.dropout', dropout, `one rate per hidden layer (${hidden}), or a single rate`);
    }
    const rates = [inputDropout];
    for (let i = 0; i < hidden; i++) rates.push(Array.isArray(dropout) ? dropout[i] : (dropout as number));
    return rates;
  }

  /** Draws a fresh mask for every layer with dropout. */
  fill(masks: readonly (Float32Array | null)[], random: Random): void {
    for (let l = 0; l < masks.length; l++) {
      const mask = masks[l];
      if (mask !== null) dropoutMask(random, this.rates[l], mask, this.modes[l]);
    }
  }

  /** Divides the weights after each classic-dropout layer by (1 − rate): inference form → train form. */
  toTrainForm(layers: readonly LayerArrays[]): void {
    this.rescale(layers, (scale) => 1 / scale);
  }

  /** Multiplies them back: train form → inference form. */
  toInferenceForm(layers: readonly LayerArrays[]): void {
    this.rescale(layers, (scale) => scale);
  }

  private rescale(layers: readonly LayerArrays[], factor: (scale: number) => number): void {
    for (let l = 0; l < this.inferenceScales.length; l++) {
      const scale = this.inferenceScales[l];
      if (scale === 1) continue;
      const weights = layers[l].weights;
      const f = factor(scale);
      for (let i = 0; i < weights.length; i++) weights[i] *= f;
    }
  }
}
