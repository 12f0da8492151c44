/**
 * The page side of bench/suites/gpu.js, bundled by esbuild (platform "browser", no Node
 * built-ins) and opened in headless Chromium with WebGL2 and WebGPU on SwiftShader. It
 * installs `globalThis.descentBench`, whose methods each measure one bench row on the
 * page's tfjs backend and return plain numbers; the Node side drives them one at a time.
 *
 * Every timed block ends by reading one element of a tensor written last (`await data()`),
 * so it includes the GPU work queued inside it: the GPU runs its queue in order, and the
 * read waits for everything queued before it. Descent and tf.train samples alternate, and
 * each row reports medians.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import * as descent from '@descent/tfjs';
import * as augment from '@descent/augment';
import { augmentTensor } from '@descent/augment/tfjs';
import { optimizerCases } from '../optimizer-cases';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Deterministic values in [-scale/2, scale/2). */
function seededValues(size, seed, scale = 0.02) {
  let x = seed >>> 0;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5) * scale;
  return values;
}

/**
 * Waits until the GPU has done everything queued so far: reads one element of `t` (written
 * last). Sliced in place, not from a flattened copy: on webgl a packed [1000, 1000] texture
 * reshaped to one dimension is a full-size program, which would add a step's worth of work
 * to every sample of both sides.
 */
async function settle(t) {
  const one = tf.tidy(() => tf.slice(t, t.shape.map(() => 0), t.shape.map(() => 1)));
  await one.data();
  one.dispose();
}

/** Whether a tensor's texture is packed (webgl; null elsewhere or before upload). */
function packedOf(t) {
  const data = tf.backend().texData?.get?.(t.dataId);
  return data === undefined ? null : Boolean(data.isPacked);
}

/** The GPU bytes the backend reports (webgl numBytesInGPU, webgpu numBytesInGPU), or null. */
function gpuBytes() {
  const memory = tf.memory();
  return memory.numBytesInGPU ?? memory.numBytesInGPUAllocated ?? null;
}

const CASES = optimizerCases(descent, tf);
/** Steps per probe that sizes an optimizer row's samples. */
const PROBE_STEPS = 3;

/**
 * A variable and a fixed gradient of `shape`, both already on the GPU as the output of a GPU
 * program (on webgl a packed texture, as gradients from backprop are), so that neither side's
 * first use decides how the gradient is stored and no side pays for an upload in its samples.
 */
async function problem(shape, prefix) {
  const size = shape.reduce((a, b) => a * b, 1);
  const onGpu = (values) => tf.tidy(() => tf.mul(tf.tensor(values, shape), 1));
  const variable = tf.tidy(() => tf.variable(onGpu(seededValues(size, 1)), true, `${prefix}/w`));
  const gradient = onGpu(seededValues(size, 100));
  await settle(variable);
  await settle(gradient);
  return { variable, gradient, map: { [variable.name]: gradient } };
}

const api = {
  /** Sets the page's backend; reports what it found. */
  async setBackend(name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`tfjs backend "${name}" did not initialize in this page`);
    await tf.ready();
    const backend = tf.backend();
    return {
      backend: tf.getBackend(),
      webglVersion: name === 'webgl' ? tf.env().getNumber('WEBGL_VERSION') : null,
      pack: name === 'webgl' ? tf.env().getBool('WEBGL_PACK') : null,
      adapter: name === 'webgpu' ? String(backend.adapterInfo?.vendor ?? backend.adapterInfo?.architecture ?? 'found') : null,
    };
  },

  /**
   * One rule: median ms per applyGradients (descent, then tf.train's same rule) over
   * `samples` samples, after `warmup` steps per side. Each sample runs the same number of
   * steps on both sides: as many as make the slower side's sample about `sampleMs` long
   * (from the fastest of three timed probes per side, less the closing read), between 2 and `maxSteps`.
   */
  async optimizer({ rule, shape, sampleMs, maxSteps, samples, warmup }) {
    const c = CASES.find((k) => k.name === rule);
    if (c === undefined) throw new Error(`no optimizer case "${rule}"`);
    const backend = tf.getBackend();
    const ours = await problem(shape, `bench-ours-${backend}-${rule}`);
    const theirs = await problem(shape, `bench-theirs-${backend}-${rule}`);
    const optimizer = c.ours();
    const builtin = c.theirs();
    const sides = [
      { opt: optimizer, p: ours, times: [] },
      { opt: builtin, p: theirs, times: [] },
    ];
    for (const side of sides) {
      for (let i = 0; i < warmup; i++) side.opt.applyGradients(side.p.map);
      await settle(side.p.variable);
    }
    if (optimizer.executedOn !== 'gpu') throw new Error(`descent ${rule} ran on "${optimizer.executedOn}", not "gpu", on ${backend}`);
    // The slower side's step, from the fastest of 3 timed probes per side of PROBE_STEPS
    // steps, less the closing read alone (one probe can catch a stall of a loaded machine,
    // and a step count taken from a probe that includes the read gives samples so short that
    // the read, the same on both sides, pulls every ratio towards 1).
    const fastestOf3 = async (work, variable) => {
      let fastest = Infinity;
      for (let probe = 0; probe < 3; probe++) {
        const start = performance.now();
        work();
        await settle(variable);
        fastest = Math.min(fastest, performance.now() - start);
      }
      return fastest;
    };
    let slowest = 0;
    for (const side of sides) {
      const read = await fastestOf3(() => undefined, side.p.variable);
      const probe = await fastestOf3(() => {
        for (let i = 0; i < PROBE_STEPS; i++) side.opt.applyGradients(side.p.map);
      }, side.p.variable);
      slowest = Math.max(slowest, Math.max(probe - read, 0) / PROBE_STEPS);
    }
    const steps = Math.min(maxSteps, Math.max(2, Math.round(sampleMs / slowest)));
    const tensorsBefore = tf.memory().numTensors;
    const bytesBefore = gpuBytes();
    for (let s = 0; s < samples; s++) {
      // Alternate which side goes first, so that neither always follows the other.
      const order = s % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const start = performance.now();
        for (let i = 0; i < steps; i++) side.opt.applyGradients(side.p.map);
        await settle(side.p.variable);
        side.times.push((performance.now() - start) / steps);
      }
    }
    const result = {
      rule,
      backend,
      mine: median(sides[0].times),
      baseline: median(sides[1].times),
      samples: { mine: sides[0].times, baseline: sides[1].times },
      steps,
      baselineName: `tf.train.${builtin.getClassName()}`,
      executedOn: optimizer.executedOn,
      tensorGrowth: tf.memory().numTensors - tensorsBefore,
      gpuBytesGrowth: bytesBefore === null ? null : gpuBytes() - bytesBefore,
      packed: { gradient: packedOf(ours.gradient), variable: packedOf(ours.variable), baselineGradient: packedOf(theirs.gradient) },
    };
    optimizer.dispose();
    builtin.dispose();
    tf.dispose([ours.variable, ours.gradient, theirs.variable, theirs.gradient]);
    return result;
  },

  /**
   * model.fit end to end: a dense MLP (784-1024-256-10, ~1.07M parameters) on random
   * inputs and labels, `batches` batches of `batchSize` per fit call (one epoch), descent
   * adam against tf.train.adam, same initial weights; ms per batch.
   */
  async fit({ batchSize, batches, samples, warmup }) {
    const makeModel = (optimizer) => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [784], units: 1024, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
          tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
        ],
      });
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      return model;
    };
    const count = batchSize * batches;
    const x = tf.tensor2d(seededValues(count * 784, 5, 2).map((v) => v + 0.5), [count, 784]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: count }, (_, i) => (i * 7) % 10), 'int32'), 10).toFloat();
    const optimizer = descent.adam({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const sides = [
      { model: makeModel(optimizer), times: [], losses: [] },
      { model: makeModel(tf.train.adam(0.001, 0.9, 0.999, 1e-7)), times: [], losses: [] },
    ];
    const params = sides[0].model.countParams();
    const fitOnce = async (side) => {
      const history = await side.model.fit(x, y, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
      side.losses.push(history.history.loss[0]);
      await settle(side.model.layers[0].getWeights()[0]);
    };
    for (const side of sides) for (let i = 0; i < warmup; i++) await fitOnce(side);
    if (optimizer.executedOn !== 'gpu') throw new Error(`descent adam in model.fit ran on "${optimizer.executedOn}", not "gpu"`);
    const tensorsBefore = tf.memory().numTensors;
    for (let s = 0; s < samples; s++) {
      const order = s % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const start = performance.now();
        await fitOnce(side);
        side.times.push((performance.now() - start) / batches);
      }
    }
    const tensorGrowth = tf.memory().numTensors - tensorsBefore;
    const result = {
      params,
      mine: median(sides[0].times),
      baseline: median(sides[1].times),
      samples: { mine: sides[0].times, baseline: sides[1].times },
      executedOn: optimizer.executedOn,
      tensorGrowth,
      lastLoss: { mine: sides[0].losses.at(-1), baseline: sides[1].losses.at(-1) },
    };
    for (const side of sides) side.model.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
    return result;
  },

  /**
   * The ImageNet-style training augmentation (random horizontal flip, randomResizedCrop to
   * `out`, colorJitter brightness 0.4 contrast 0.4) of a float32 batch [batch, side, side, 3]
   * (0..1) on the GPU, into a float32 batch on the GPU: @descent/augment's tensor path
   * (augmentTensor) against the same augmentation with tf.image ops, as bench/suites/augment.js
   * writes it (one cropAndResize for the batch, per-image factors broadcast); ms per image.
   */
  async augment({ batch, side, out, samples, warmup }) {
    const pipeline = augment.compose([
      augment.randomHorizontalFlip(),
      augment.randomResizedCrop({ size: out }),
      augment.colorJitter({ brightness: 0.4, contrast: 0.4 }),
    ]);
    const x = tf.tensor4d(seededValues(batch * side * side * 3, 3, 1).map((v) => v + 0.5), [batch, side, side, 3]);
    const random = new augment.Random(7);
    const ours = () => augmentTensor(pipeline, x, random);
    const theirs = () => {
      const shape = { height: side, width: side, channels: 3 };
      const flips = [];
      const boxes = [];
      const brightness = [];
      const contrast = [];
      for (let i = 0; i < batch; i++) {
        flips.push(random.nextFloat() < 0.5 ? 1 : 0);
        const b = augment.sampleResizedCropBox(shape, [0.08, 1], [3 / 4, 4 / 3], random);
        boxes.push(b.top / (side - 1), b.left / (side - 1), (b.top + b.height - 1) / (side - 1), (b.left + b.width - 1) / (side - 1));
        brightness.push(random.uniform(0.6, 1.4));
        contrast.push(random.uniform(0.6, 1.4));
      }
      return tf.tidy(() => {
        const crops = tf.image.cropAndResize(x, tf.tensor2d(boxes, [batch, 4]), tf.range(0, batch, 1, 'int32'), [out, out], 'bilinear');
        const flip = tf.tensor4d(flips, [batch, 1, 1, 1]);
        const flipped = tf.image.flipLeftRight(crops).mul(flip).add(crops.mul(tf.sub(1, flip)));
        const bright = flipped.mul(tf.tensor4d(brightness, [batch, 1, 1, 1])).clipByValue(0, 1);
        const c = tf.tensor4d(contrast, [batch, 1, 1, 1]);
        const mean = bright.mean([1, 2], true).mul(tf.tensor1d([0.2989, 0.587, 0.114])).sum(-1, true);
        return bright.mul(c).add(mean.mul(tf.sub(1, c))).clipByValue(0, 1);
      });
    };
    const sides = [
      { run: ours, times: [] },
      { run: theirs, times: [] },
    ];
    const once = async (side) => {
      const start = performance.now();
      const y = side.run();
      await settle(y);
      const ms = performance.now() - start;
      if (y.shape[1] !== out || y.shape[2] !== out) throw new Error(`augmentation output ${y.shape}, not [${batch}, ${out}, ${out}, 3]`);
      y.dispose();
      return ms / batch;
    };
    for (const s of sides) for (let i = 0; i < warmup; i++) await once(s);
    // How many tfjs kernels (GPU programs, but for the small ones run on the CPU) one batch takes.
    const kernels = [];
    for (const s of sides) {
      const profile = await tf.profile(() => s.run());
      kernels.push(profile.kernels.length);
      tf.dispose(profile.result);
    }
    const tensorsBefore = tf.memory().numTensors;
    for (let s = 0; s < samples; s++) {
      const order = s % 2 === 0 ? sides : [...sides].reverse();
      for (const sd of order) sd.times.push(await once(sd));
    }
    const result = {
      mine: median(sides[0].times),
      baseline: median(sides[1].times),
      samples: { mine: sides[0].times, baseline: sides[1].times },
      tensorGrowth: tf.memory().numTensors - tensorsBefore,
      kernels: { mine: kernels[0], baseline: kernels[1] },
    };
    x.dispose();
    return result;
  },

  /** Tensors alive in the page (for checking that a row left nothing behind). */
  numTensors: () => tf.memory().numTensors,
};

globalThis.descentBench = api;
