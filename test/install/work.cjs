'use strict';
/**
 * A little work with every package, given the modules as the caller imported them
 * (cjs.cjs with require, esm.mjs with import): both must print the same numbers.
 */
module.exports = async function work({ tf, core, tfjs, brain, augment, augmentTfjs }) {
  const w = new Float32Array([1, -2]);
  const optimizer = core.createOptimizer({ rule: { type: 'adam', learningRate: 0.1 }, transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }] });
  for (let k = 0; k < 3; k++) optimizer.step([{ name: 'w', values: w }], [new Float32Array([0.5, 1 + k])]);

  await tf.setBackend('cpu');
  const variable = tf.variable(tf.tensor1d([1, -2]), true, 'w');
  const adam = tfjs.adam({ learningRate: 0.1, transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }] });
  for (let k = 0; k < 3; k++) adam.applyGradients({ w: tf.tensor1d([0.5, 1 + k]) });

  const net = new brain.NeuralNetwork({ inputSize: 2, hiddenLayers: [3], outputSize: 1 });
  const xor = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]].map(([a, b, y]) => ({ input: [a, b], output: [y] }));
  const status = brain.train(net, xor, { iterations: 50, optimizer: { type: 'adam', learningRate: 0.05 }, batchSize: 2, seed: 3 });

  const pipeline = augment.compose([augment.randomResizedCrop({ size: 6, scale: [0.5, 1] }), augment.randomHorizontalFlip()]);
  const images = augment.imageBatch(new Uint8Array(2 * 10 * 10 * 3).map((_, i) => i % 251), [2, 10, 10, 3]);
  const augmented = pipeline.apply(images, new core.Random(42));
  const flipped = augmentTfjs.applyOpsToTensor(tf.tensor4d([0, 0.25, 0.5, 1], [1, 2, 2, 1]), [{ type: 'flipLeftRight' }]);

  return {
    core: Array.from(w),
    tfjs: Array.from(await variable.data()),
    registered: tf.serialization.SerializationMap.getMap().classNameMap.DescentAdam !== undefined,
    brain: { iterations: status.iterations, error: status.error },
    augment: { shape: [augmented.count, augmented.height, augmented.width], sum: augmented.data.reduce((s, v) => s + v, 0) },
    augmentTfjs: Array.from(await flipped.data()),
  };
};
