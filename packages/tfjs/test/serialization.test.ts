import * as tf from '@tensorflow/tfjs';
import { ruleTypes } from '@descent/core';
import { createDescentOptimizer, DescentOptimizer, optimizerClasses, ReduceLROnPlateau, type DescentOptions } from '@descent/tfjs';
import { mnistSet, RULES, saveToMemory, useBackend } from './helpers';

/** A small MLP on MNIST with layer names that hold underscores (tfjs-layers camel-cases saved strings). */
function buildModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ name: 'hidden_layer', units: 12, inputShape: [784], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
  model.add(tf.layers.dense({ name: 'output_layer', units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) }));
  return model;
}

const CONFIGS: [string, DescentOptions & { rule: (typeof RULES)[keyof typeof RULES] }][] = [
  [
    'adam (amsgrad) with cosine, clipping, ema and groups',
    {
      rule: { type: 'adam', learningRate: 0.01, amsgrad: true, weightDecay: 1e-4 },
      schedule: { type: 'cosine', decaySteps: 40, minLearningRate: 1e-4 },
      transforms: [{ type: 'clipByGlobalNorm', maxNorm: 1 }],
      average: { type: 'ema', decay: 0.9 },
      groups: [{ pattern: '^hidden_layer/bias', weightDecay: 0, learningRateMultiplier: 0.5 }],
    },
  ],
  ['nadam (scalar state)', { rule: RULES.nadam }],
  ['adamax (state tf.train cannot save)', { rule: RULES.adamax }],
  [
    'sgd with Nesterov, reduceOnPlateau and accumulation caught mid-way',
    { rule: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, schedule: { type: 'reduceOnPlateau', patience: 0, factor: 0.5 }, transforms: [{ type: 'accumulate', steps: 3 }] },
  ],
  ['lion with polyak', { rule: RULES.lion, average: { type: 'polyak' } }],
  ['prodigy with bias correction (a step-wide d in the saved state)', { rule: { type: 'prodigy', useBiasCorrection: true, growthRate: 1.5 } }],
];

describe.each(['fused', 'ops'] as const)('save and resume on the %s path (cpu)', (execution) => {
  beforeAll(() => useBackend('cpu'));
  const { x, y } = mnistSet([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5);
  const fitOptions = (callbacks: tf.Callback[]) => ({ epochs: 2, batchSize: 10, shuffle: false, verbose: 0, validationData: [x, y] as [tf.Tensor, tf.Tensor], callbacks });

  test.each(CONFIGS)('%s: training continued after tf.loadLayersModel equals uninterrupted training', async (_name, { rule, ...options }) => {
    const model = buildModel();
    const optimizer = createDescentOptimizer(rule, { ...options, execution });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const plateau = () => (options.schedule?.type === 'reduceOnPlateau' ? [new ReduceLROnPlateau()] : []);
    await model.fit(x, y, fitOptions(plateau()));
    optimizer.learningRate = optimizer.learningRate * 0.8;

    const artifacts = await saveToMemory(model);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const resumed = loaded.optimizer as unknown as DescentOptimizer;
    expect(resumed).toBeInstanceOf(DescentOptimizer);
    expect(resumed.getClassName()).toBe(optimizer.getClassName());
    expect(resumed.getConfig()).toEqual(optimizer.getConfig());
    expect(resumed.iterations).toBe(optimizer.iterations);

    await model.fit(x, y, fitOptions(plateau()));
    await loaded.fit(x, y, fitOptions(plateau()));
    const expected = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(loaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(expected);
    expect(resumed.scheduledLearningRate).toBe(optimizer.scheduledLearningRate);
    expect(resumed.stepsTaken).toBe(optimizer.stepsTaken);
    // The loaded model's variables were renamed by tfjs-layers ("…/kernel_1"): the state followed them.
    const names = (m: tf.LayersModel) => m.trainableWeights.map((w) => w.read().name).sort();
    expect(names(loaded)).not.toEqual(names(model));
    expect(resumed.variableNames.sort()).toEqual(names(loaded));
    if (options.average !== undefined) {
      const averages = (m: tf.LayersModel, o: DescentOptimizer) => m.trainableWeights.map((w) => Array.from((o.averageOf(w.read() as tf.Variable) as tf.Tensor).dataSync()));
      expect(averages(loaded, resumed)).toEqual(averages(model, optimizer));
    }
    model.dispose();
    loaded.dispose();
    optimizer.dispose();
    resumed.dispose();
  });
});

describe('configs and weights', () => {
  beforeAll(() => useBackend('cpu'));

  test.each(ruleTypes)('%s: getConfig / fromConfig round trip through tf.serialization', (type) => {
    const optimizer = createDescentOptimizer(RULES[type], { schedule: { type: 'step', stepSize: 5 }, groups: [{ names: ['dense_1/bias'], learningRateMultiplier: 2 }], execution: 'ops' });
    const cls = optimizerClasses[type];
    const [registered, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[cls.className];
    expect(registered).toBe(cls);
    const copy = fromConfig(registered, optimizer.getConfig()) as DescentOptimizer;
    expect(copy).toBeInstanceOf(cls);
    expect(copy.getConfig()).toEqual(optimizer.getConfig());
    expect(copy.hyperparameters).toEqual(optimizer.hyperparameters);
    expect(copy.execution).toBe('ops');
    [optimizer, copy].forEach((o) => o.dispose());
  });

  test('group names survive the camel-casing tfjs-layers applies to saved training configs', async () => {
    const model = buildModel();
    const optimizer = createDescentOptimizer(RULES.adam, { groups: [{ names: ['hidden_layer/bias'], pattern: 'output_layer/', learningRateMultiplier: 0 }] });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
    expect((loaded.optimizer as unknown as DescentOptimizer).getConfig().groups).toEqual(optimizer.getConfig().groups);
    expect(optimizer.getConfig().groups).toEqual([{ names: [{ name: 'hidden_layer/bias' }], pattern: { name: 'output_layer/' }, learningRateMultiplier: 0 }]);
    [model, loaded].forEach((m) => m.dispose());
  });

  test('getWeights names a weight per slot and average, and setWeights restores the exact state', async () => {
    const v = tf.variable(tf.tensor2d([[1, 2], [3, 4]]), true, 'weights/kernel');
    const optimizer = createDescentOptimizer(RULES.adam, { average: { type: 'ema' } });
    const g = tf.tensor2d([[0.1, -0.2], [0.3, -0.4]]);
    for (let i = 0; i < 3; i++) optimizer.applyGradients({ [v.name]: g });
    const weights = await optimizer.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', 'descent/state', 'weights/kernel/m', 'weights/kernel/v', 'weights/kernel/vMax', 'weights/kernel/average']);
    expect(weights[2].tensor.shape).toEqual([2, 2]);
    const copy = createDescentOptimizer(RULES.adam, { average: { type: 'ema' } });
    await copy.setWeights(weights);
    expect(copy.exportState()).toEqual(optimizer.exportState());
    expect(copy.iterations).toBe(3);
    [optimizer, copy].forEach((o) => o.dispose());
    tf.dispose([v, g]);
  });
});
