import * as tf from '@tensorflow/tfjs';
import { DescentError, type TensorGroupConfig } from '@descent/core';

/**
 * Which layers of a model: names and indices (negative counts from the end) in an array,
 * or a predicate. Omitted: every layer.
 */
export type LayerSelector = readonly (string | number)[] | ((layer: tf.layers.Layer, index: number) => boolean);

/** The layers a selector picks, in model order; unknown names and out-of-range indices are errors. */
export function selectLayers(model: tf.LayersModel, selector?: LayerSelector): tf.layers.Layer[] {
  if (!(model instanceof tf.LayersModel)) throw new DescentError('model', model, 'a tf.LayersModel');
  const layers = model.layers;
  if (selector === undefined) return [...layers];
  if (typeof selector === 'function') return layers.filter((layer, i) => selector(layer, i));
  if (!Array.isArray(selector)) throw new DescentError('layers', selector, 'an array of layer names and indices, or a predicate');
  const picked = new Set<tf.layers.Layer>();
  selector.forEach((item, i) => {
    if (typeof item === 'number') {
      const index = item < 0 ? layers.length + item : item;
      if (!Number.isInteger(item) || index < 0 || index >= layers.length) {
        throw new DescentError(`layers[${i}]`, item, `an integer index in [${-layers.length}, ${layers.length - 1}]`);
      }
      picked.add(layers[index]);
    } else {
      const layer = layers.find((l) => l.name === item);
      if (layer === undefined) throw new DescentError(`layers[${i}]`, item, `the name of a layer of the model (${layers.map((l) => l.name).join(', ')})`);
      picked.add(layer);
    }
  });
  return layers.filter((layer) => picked.has(layer));
}

/**
 * Compiles a compiled model again with its own optimizer, loss and metrics, so that
 * `fit` trains exactly the layers now trainable. A descent optimizer keeps its state
 * across this (state is keyed by variable name).
 */
function recompile(model: tf.LayersModel): void {
  if (model.optimizer == null || model.loss == null) return;
  model.compile({ optimizer: model.optimizer, loss: model.loss, metrics: model.metrics });
}

function setTrainable(model: tf.LayersModel, selector: LayerSelector | undefined, trainable: boolean): tf.layers.Layer[] {
  const layers = selectLayers(model, selector);
  for (const layer of layers) layer.trainable = trainable;
  recompile(model);
  return layers;
}

/** Freezes layers (by name, index or predicate; all when omitted) and recompiles a compiled model. Returns the layers. */
export function freeze(model: tf.LayersModel, layers?: LayerSelector): tf.layers.Layer[] {
  return setTrainable(model, layers, false);
}

/** Unfreezes layers (by name, index or predicate; all when omitted) and recompiles a compiled model. Returns the layers. */
export function unfreeze(model: tf.LayersModel, layers?: LayerSelector): tf.layers.Layer[] {
  return setTrainable(model, layers, true);
}

/** Options of replaceHead. */
export interface ReplaceHeadOptions {
  /** Classes of the new classifier. */
  classes: number;
  /** Layers removed from the end before the new head. Default 1 (the old classifier). */
  removeLayers?: number;
  /** Activation of the new head. Default "softmax". */
  activation?: 'softmax' | 'sigmoid' | 'linear';
  /** Name of the new head layer. Default: tfjs' automatic name. */
  name?: string;
  /** Initializer of the new kernel. Default glorotUniform. */
  kernelInitializer?: Parameters<typeof tf.layers.dense>[0]['kernelInitializer'];
}

/**
 * A new model: the given model's layers up to `removeLayers` from the end (shared, with
 * their weights and trainable flags) and a fresh dense classifier for `classes` classes.
 * The new model is not compiled.
 */
export function replaceHead(model: tf.LayersModel, options: ReplaceHeadOptions): tf.LayersModel {
  if (!(model instanceof tf.LayersModel)) throw new DescentError('model', model, 'a tf.LayersModel');
  const { classes, removeLayers = 1, activation = 'softmax', name, kernelInitializer } = options ?? ({} as ReplaceHeadOptions);
  if (!Number.isInteger(classes) || classes < 1) throw new DescentError('replaceHead.classes', classes, 'an integer ≥ 1');
  const kept = model.layers.length - removeLayers;
  if (!Number.isInteger(removeLayers) || removeLayers < 1 || kept < 1) {
    throw new DescentError('replaceHead.removeLayers', removeLayers, `an integer in [1, ${model.layers.length - 1}]`);
  }
  const base = model.layers[kept - 1].output;
  if (Array.isArray(base)) throw new DescentError('replaceHead', model.layers[kept - 1].name, 'a base whose last layer has one output');
  const head = tf.layers.dense({ units: classes, activation, name, kernelInitializer }).apply(base) as tf.SymbolicTensor;
  return tf.model({ inputs: model.inputs, outputs: head });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A tensor group covering the trainable weights of some layers, with any per-group option
 * (e.g. `{ learningRateMultiplier: 0.1 }`, `{ weightDecay: 0 }`). It matches the weights'
 * names also when tfjs-layers suffixes them ("kernel_1") in a model loaded next to its
 * original, so it keeps working after save and load.
 */
export function layerGroup(model: tf.LayersModel, layers: LayerSelector, options: Omit<TensorGroupConfig, 'names' | 'pattern'>): TensorGroupConfig {
  const names = selectLayers(model, layers).flatMap((layer) => layer.trainableWeights.map((w) => w.originalName));
  if (names.length === 0) throw new DescentError('layers', layers, 'layers with trainable weights');
  return { ...options, pattern: `^(?:${names.map(escapeRegExp).join('|')})(?:_\\d+)?$` };
}

/**
 * Per-layer learning rates as tensor groups: `{ base: 0.1, 3: 0.5 }` multiplies the
 * scheduled rate of those layers' weights. Pass the result as the optimizer's `groups`.
 *
 * @example
 * model.compile({ optimizer: adam({ learningRate: 1e-3, groups: layerLearningRates(model, { base: 0.1 }) }), loss });
 */
export function layerLearningRates(model: tf.LayersModel, multipliers: Readonly<Record<string, number>>): TensorGroupConfig[] {
  return Object.entries(multipliers).map(([layer, learningRateMultiplier]) => {
    const selector = /^-?\d+$/.test(layer) ? [Number(layer)] : [layer];
    return layerGroup(model, selector, { learningRateMultiplier });
  });
}
