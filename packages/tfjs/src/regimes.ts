import * as tf from '@tensorflow/tfjs';
import { DescentError, isPlainObject, type FirstOrderRuleConfig, type TensorGroupConfig } from '@descent/core';
import { createDescentOptimizer } from './optimizer/factories';
import type { DescentOptions } from './options';
import { freeze, layerGroup, replaceHead, unfreeze } from './transfer';
import { registerWasmConvGradient } from './wasm-conv-gradient';

/**
 * The blocks of a model, from the input up: each layer with weights together with the
 * weightless layers after it (a convolution and its pooling, a dense layer and its dropout);
 * weightless layers before the first one join the first block.
 */
export function modelBlocks(model: tf.LayersModel): tf.layers.Layer[][] {
  if (!(model instanceof tf.LayersModel)) throw new DescentError('model', model, 'a tf.LayersModel');
  const blocks: tf.layers.Layer[][] = [];
  let leading: tf.layers.Layer[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length > 0) {
      blocks.push([...leading, layer]);
      leading = [];
    } else if (blocks.length === 0) leading.push(layer);
    else blocks[blocks.length - 1].push(layer);
  }
  return leading.length > 0 ? [...blocks, leading] : blocks;
}

/** What every regime takes: the new head and how to train it. */
export interface RegimeOptions {
  /** Classes of the new head. */
  classes: number;
  /** Layers removed from the end before the new head. Default 1 (the old classifier). */
  removeLayers?: number;
  /** The head's update rule and its learning rate, e.g. `{ type: 'sgd', learningRate: 0.01, momentum: 0.9 }`. Default Adam at 0.001. */
  optimizer?: FirstOrderRuleConfig;
  /** Schedule, transforms, averaging and execution of the optimizer (the regime sets its groups). */
  optimizerOptions?: Omit<DescentOptions, 'groups'>;
  /** The loss. Default "categoricalCrossentropy". */
  loss?: string;
  /** Metrics to compile with. */
  metrics?: string[];
  /** Seed of the new head's initial weights (glorotUniform). Default: unseeded. */
  seed?: number;
}

/** Options of fineTuneTop. */
export interface FineTuneTopOptions extends RegimeOptions {
  /** Blocks below the head that train (counted from the top); the rest stay frozen. */
  blocks: number;
  /** Their learning rate as a multiple of the head's. Default 0.1, the lecture's "1/10". */
  rate?: number;
}

/** Options of fineTuneAll. */
export interface FineTuneAllOptions extends RegimeOptions {
  /** Blocks right below the head that count as "top". Default 1. */
  topBlocks?: number;
  /** The top blocks' learning rate as a multiple of the head's. Default 0.1 (the lecture's "1/10"). */
  top?: number;
  /** The deeper blocks' learning rate as a multiple of the head's. Default 0.01 (the lecture's "1/100"). */
  rest?: number;
}

const DEFAULT_RULE: FirstOrderRuleConfig = { type: 'adam', learningRate: 1e-3 };

function checkRate(argument: string, rate: number): number {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) throw new DescentError(argument, rate, 'a finite number > 0 (a multiple of the head\'s learning rate)');
  return rate;
}

function checkCount(argument: string, count: number, most: number): void {
  if (!Number.isInteger(count) || count < 0 || count > most) throw new DescentError(argument, count, `an integer in [0, ${most}] (the blocks below the head)`);
}

/**
 * The model with a new seeded head and its body's blocks; `check` validates the regime's
 * own options against the body before any layer is frozen, so a rejected call changes nothing.
 * Everything but the head is then frozen.
 */
function withNewHead(model: tf.LayersModel, options: RegimeOptions, check: (bodyBlocks: number) => void = () => undefined): { transferred: tf.LayersModel; body: tf.layers.Layer[][] } {
  if (!isPlainObject(options)) throw new DescentError('options', options, 'an options object such as { classes: 10 }');
  const { optimizerOptions } = options;
  if (optimizerOptions !== undefined && (!isPlainObject(optimizerOptions) || 'groups' in optimizerOptions)) {
    throw new DescentError('optimizerOptions', optimizerOptions, 'an options object without groups (the regime sets them)');
  }
  // The rule and its options are checked by building the optimizer once, before any layer changes.
  createDescentOptimizer(options.optimizer ?? DEFAULT_RULE, optimizerOptions).dispose();
  const kernelInitializer = options.seed === undefined ? undefined : tf.initializers.glorotUniform({ seed: options.seed });
  const transferred = replaceHead(model, { classes: options.classes, removeLayers: options.removeLayers, kernelInitializer });
  const body = modelBlocks(transferred).slice(0, -1);
  check(body.length);
  const head = transferred.layers[transferred.layers.length - 1];
  freeze(transferred, (layer) => layer !== head);
  return { transferred, body };
}

/** Compiles the model with one optimizer whose groups scale the learning rate of some blocks. */
function compileWithRates(model: tf.LayersModel, options: RegimeOptions, rates: [tf.layers.Layer[], number][]): tf.LayersModel {
  registerWasmConvGradient();
  const groups: TensorGroupConfig[] = rates
    .filter(([layers]) => layers.some((layer) => layer.trainableWeights.length > 0))
    .map(([layers, learningRateMultiplier]) => layerGroup(model, (layer) => layers.includes(layer) && layer.trainableWeights.length > 0, { learningRateMultiplier }));
  const optimizer = createDescentOptimizer(options.optimizer ?? DEFAULT_RULE, { ...options.optimizerOptions, ...(groups.length > 0 ? { groups } : {}) });
  model.compile({ optimizer, loss: options.loss ?? 'categoricalCrossentropy', metrics: options.metrics });
  return model;
}

/**
 * The lecture's regime for very little data: the pretrained body frozen as a feature
 * extractor and a new classifier trained on its features. Returns a new compiled model
 * sharing the body's layers (fine-tuning it later changes them in the original too).
 *
 * @example
 * const model = featureExtraction(await zoo.load('fashion-mnist-cnn'), { classes: 10, optimizer: { type: 'adam', learningRate: 1e-3 } });
 * await model.fit(x, y, { epochs: 20 });
 */
export function featureExtraction(model: tf.LayersModel, options: RegimeOptions): tf.LayersModel {
  const { transferred } = withNewHead(model, options);
  return compileWithRates(transferred, options, []);
}

/**
 * The lecture's regime for more data: a new head, and the top `blocks` blocks of the body
 * fine-tuned at `rate` (default 1/10) of the head's learning rate; the blocks below stay
 * frozen. Returns a new compiled model sharing the body's layers.
 */
export function fineTuneTop(model: tf.LayersModel, options: FineTuneTopOptions): tf.LayersModel {
  const rate = checkRate('fineTuneTop.rate', options?.rate ?? 0.1);
  const { transferred, body } = withNewHead(model, options, (blocks) => checkCount('fineTuneTop.blocks', options.blocks, blocks));
  const count = options.blocks;
  const tuned = body.slice(body.length - count).flat();
  unfreeze(transferred, (layer) => tuned.includes(layer));
  return compileWithRates(transferred, options, [[tuned, rate]]);
}

/**
 * The lecture's regime for a lot of data: a new head and every block fine-tuned, with
 * per-depth learning rates — the top blocks at `top` (default 1/10) of the head's rate,
 * the deeper ones at `rest` (default 1/100). Returns a new compiled model sharing the body's layers.
 */
export function fineTuneAll(model: tf.LayersModel, options: FineTuneAllOptions): tf.LayersModel {
  const top = checkRate('fineTuneAll.top', options?.top ?? 0.1);
  const rest = checkRate('fineTuneAll.rest', options?.rest ?? 0.01);
  const topCount = options?.topBlocks ?? 1;
  const { transferred, body } = withNewHead(model, options, (blocks) => checkCount('fineTuneAll.topBlocks', topCount, blocks));
  unfreeze(transferred);
  const split = body.length - topCount;
  return compileWithRates(transferred, options, [
    [body.slice(split).flat(), top],
    [body.slice(0, split).flat(), rest],
  ]);
}
