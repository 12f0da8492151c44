'use strict';
/**
 * The measurement of examples/transfer-zoo, shared with the main job: the zoo's
 * Fashion-MNIST CNN transferred to MNIST digits (the `mnist` package) with n labelled
 * images per class, in each of the lecture's three regimes and against the same network
 * trained from scratch; accuracy on held-out digits, for several seeds.
 */
const tf = require('@tensorflow/tfjs');
const zoo = require('@descent/zoo');
const { featureExtraction, fineTuneTop, fineTuneAll, createDescentOptimizer, registerWasmConvGradient } = require('@descent/tfjs');
const { Random } = require('@descent/core');
const { digitTensors, accuracy } = require('../tfjs-shared/mnist-tf');

const MODEL = 'fashion-mnist-cnn';
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** The new head's rule in every regime (the body's blocks train at 1/10 or 1/100 of it). */
const HEAD_RULE = { type: 'adam', learningRate: 1e-2 };
/** Every layer's rule from scratch: the rate that trained the zoo model on Fashion-MNIST. */
const SCRATCH_RULE = { type: 'adam', learningRate: 2e-3 };
const BATCH = 32;

/** The four ways to learn the digits, each from the pretrained model (or, from scratch, ignoring it). */
const APPROACHES = [
  { key: 'scratch', label: 'from scratch (same CNN, random weights)' },
  { key: 'features', label: 'features only (body frozen, new head)' },
  { key: 'early', label: 'features of block 3 (frozen, head on the conv features)' },
  { key: 'top', label: 'fine-tune the top 2 blocks (at 1/10)' },
  { key: 'all', label: 'fine-tune all (1/10 top block, 1/100 below)' },
];

/** Images per class the `mnist` package can give for training, with `testPerDigit` held out (digit 5 has 863). */
const largestSize = (testPerDigit) => 863 - testPerDigit;

/** The model of one approach, compiled; `seed` seeds the new head (and, from scratch, every layer). */
async function modelFor(key, seed) {
  const pretrained = await zoo.load(MODEL);
  const common = { classes: 10, optimizer: HEAD_RULE, seed };
  if (key === 'features') return featureExtraction(pretrained, common);
  // The lecture's advice for a dataset unlike the source: a linear classifier on an earlier stage (the flattened conv features).
  if (key === 'early') return featureExtraction(pretrained, { ...common, removeLayers: 2 });
  if (key === 'top') return fineTuneTop(pretrained, { ...common, blocks: 2 });
  if (key === 'all') return fineTuneAll(pretrained, common);
  const fresh = await fromScratch(pretrained, seed);
  pretrained.dispose();
  return fresh;
}

/** The pretrained model's architecture with every weight drawn afresh (He-normal kernels, zero biases, seeded), compiled. */
async function fromScratch(pretrained, seed) {
  registerWasmConvGradient();
  const fresh = await tf.models.modelFromJSON({ modelTopology: pretrained.toJSON(null, false) });
  fresh.layers.forEach((layer, i) => {
    tf.tidy(() => layer.setWeights(layer.getWeights().map((w, j) => (j === 0 ? tf.initializers.heNormal({ seed: 1000 * seed + i }).apply(w.shape) : tf.zerosLike(w)))));
  });
  fresh.compile({ optimizer: createDescentOptimizer(SCRATCH_RULE), loss: 'categoricalCrossentropy' });
  return fresh;
}

/** Trains with a seeded shuffle every epoch (tfjs's own shuffle draws from Math.random). */
async function fitSeeded(model, data, epochs, seed, onEpoch) {
  const random = new Random(seed);
  const order = Array.from({ length: data.count }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const indices = tf.tensor1d(random.shuffle(order), 'int32');
    const [x, y] = [tf.gather(data.x, indices), tf.gather(data.y, indices)];
    await model.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
    tf.dispose([indices, x, y]);
    onEpoch();
  }
}

/** MNIST digits as [n, 28, 28, 1] images with one-hot labels. */
function images(from, count) {
  const data = digitTensors(DIGITS, from, count);
  const x = data.x.reshape([data.count, 28, 28, 1]);
  data.x.dispose();
  return { ...data, x };
}

/** Epochs for n images per class: about `imagesSeen` images in all, at least 1 and at most 40 epochs. */
const epochsFor = (perClass, imagesSeen) => Math.min(40, Math.max(1, Math.round(imagesSeen / (10 * perClass))));

/**
 * Every approach at every size for every seed. Returns rows { perClass, key, seed, accuracy, epochs }.
 * `onRun(description)` is called before each run, `onEpoch()` after each epoch and `onResult(row)` after each run.
 */
async function runGrid({ sizes, seeds, testPerDigit, imagesSeen, approaches = APPROACHES.map((a) => a.key), onRun = () => undefined, onEpoch = () => undefined, onResult = () => undefined }) {
  const largest = largestSize(testPerDigit);
  for (const size of sizes) if (!Number.isInteger(size) || size < 1 || size > largest) throw new Error(`${size} images per class: the mnist package holds 1–${largest} per class beside ${testPerDigit} held out`);
  const test = images(-testPerDigit, testPerDigit);
  const train = new Map(sizes.map((perClass) => [perClass, images(0, perClass)]));
  const rows = [];
  // Seeds outermost: an interrupted long run has whole grids for its first seeds.
  for (const seed of seeds) {
    for (const perClass of sizes) {
      const epochs = epochsFor(perClass, imagesSeen);
      for (const key of approaches) {
        onRun(`${perClass}/class, seed ${seed}, ${key}`);
        const model = await modelFor(key, seed);
        await fitSeeded(model, train.get(perClass), epochs, seed, onEpoch);
        const probabilities = model.predict(test.x);
        rows.push({ perClass, key, seed, epochs, accuracy: accuracy(probabilities, test.labels) });
        onResult(rows[rows.length - 1]);
        probabilities.dispose();
        model.optimizer.dispose();
        model.dispose();
      }
    }
  }
  train.forEach(({ x, y }) => tf.dispose([x, y]));
  tf.dispose([test.x, test.y]);
  return rows;
}

/** The epochs a grid will run in all (for progress). */
const gridEpochs = ({ sizes, seeds, imagesSeen, approaches = APPROACHES }) => sizes.reduce((sum, n) => sum + epochsFor(n, imagesSeen), 0) * seeds.length * approaches.length;

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/** Mean accuracy of each approach at each size: { [key]: { [perClass]: mean } }. */
function summarize(rows) {
  const table = {};
  for (const key of [...new Set(rows.map((r) => r.key))]) {
    table[key] = {};
    for (const perClass of [...new Set(rows.map((r) => r.perClass))]) table[key][perClass] = mean(rows.filter((r) => r.key === key && r.perClass === perClass).map((r) => r.accuracy));
  }
  return table;
}

/**
 * The lecture's claim, judged: with little data the frozen features beat training from
 * scratch; as data grows, fine-tuning more of the network pays (the best regime moves from
 * "features" towards "all"). Returns { verdict, reasons }.
 */
function judge(table, sizes) {
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  // How much of the network each regime trains: frozen features (from either stage) < top blocks < all.
  const depth = { features: 0, early: 0, top: 1, all: 2 };
  const transferKeys = Object.keys(depth).filter((key) => table[key] !== undefined);
  const best = (n) => transferKeys.reduce((a, b) => (table[b][n] > table[a][n] ? b : a));
  const frozen = (n) => Math.max(...transferKeys.filter((key) => depth[key] === 0).map((key) => table[key][n]));
  const featuresHelpSmall = frozen(small) > table.scratch[small];
  const moreDataMoreTuning = depth[best(large)] > depth[best(small)] || (depth[best(large)] === 2 && table.all[large] >= frozen(large));
  const reasons = [
    `at ${small}/class frozen features ${featuresHelpSmall ? 'beat' : 'do not beat'} training from scratch (best ${pct(frozen(small))} vs ${pct(table.scratch[small])})`,
    `the best regime is "${best(small)}" at ${small}/class and "${best(large)}" at ${large}/class`,
    `from scratch ${table.scratch[large] > table[best(large)][large] ? 'beats' : 'does not beat'} every regime at ${large}/class`,
  ];
  const verdict = featuresHelpSmall && moreDataMoreTuning ? 'confirmed' : featuresHelpSmall || moreDataMoreTuning ? 'partly' : 'not confirmed';
  return { verdict, reasons, best };
}

const pct = (share) => `${(100 * share).toFixed(1)}%`;

module.exports = { APPROACHES, MODEL, runGrid, gridEpochs, summarize, judge, largestSize, epochsFor, pct };
