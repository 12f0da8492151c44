'use strict';
/**
 * tfjs-cpu/<rule> and tfjs-wasm/<rule>: one applyGradients of a descent optimizer (the
 * fused path: the core's kernels on the backend's memory) against tf.train's built-in
 * optimizer for the same rule and hyperparameters, measured in the same run on the same
 * ~1M parameters in realistic shapes and the same gradients. The ratio is descent ÷ tf.train.
 */
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const descent = require('@descent/tfjs');
const { timePerCall, realisticShapes } = require('../timing');
const { optimizerCases } = require('../optimizer-cases');

/** Each rule with the same hyperparameters on both sides. */
const CASES = optimizerCases(descent, tf);

const TARGETS = { cpu: 0.1, wasm: 1.0 };

function seededValues(size, seed) {
  let x = seed;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5) * 0.02;
  return values;
}

/** Variables and gradients in realistic shapes on the active backend. */
function makeProblem(shapes, prefix) {
  const variables = shapes.map((shape, i) => tf.tidy(() => tf.variable(tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), i + 1), shape), true, `${prefix}/w${i}`)));
  const gradients = shapes.map((shape, i) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 100 + i), shape));
  const map = Object.fromEntries(variables.map((v, i) => [v.name, gradients[i]]));
  return { variables, gradients, map };
}

async function run(log) {
  const shapes = realisticShapes(1 << 20);
  const size = shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
  const rows = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    await tf.ready();
    log(`${backend}: ${size} parameters in ${shapes.length} tensors`);
    for (const c of CASES) {
      const ours = makeProblem(shapes, `bench-ours-${backend}-${c.name}`);
      const theirs = makeProblem(shapes, `bench-theirs-${backend}-${c.name}`);
      const optimizer = c.ours();
      const builtin = c.theirs();
      // Alternate the two so that load from other processes falls on both alike; medians of 5.
      const samples = { mine: [], baseline: [] };
      for (let round = 0; round < 5; round++) {
        samples.mine.push(timePerCall(() => optimizer.applyGradients(ours.map), { rounds: 1, minRoundMs: 150, warmup: round === 0 ? 2 : 0 }));
        samples.baseline.push(timePerCall(() => builtin.applyGradients(theirs.map), { rounds: 1, minRoundMs: 150, warmup: round === 0 ? 2 : 0 }));
      }
      const median = (values) => values.sort((a, b) => a - b)[2];
      const mine = median(samples.mine);
      const baseline = median(samples.baseline);
      log(`${backend}/${c.name}: descent ${mine.toFixed(2)} ms (${optimizer.executedOn}), tf.train ${baseline.toFixed(2)} ms`);
      rows.push({ name: `tfjs-${backend}/${c.name}`, unit: 'ms/step', value: mine, baseline: `tf.train.${builtin.getClassName()}`, baselineValue: baseline, target: TARGETS[backend] });
      optimizer.dispose();
      builtin.dispose();
      tf.dispose([...ours.variables, ...ours.gradients, ...theirs.variables, ...theirs.gradients]);
    }
  }
  await tf.setBackend('cpu');
  return rows;
}

module.exports = { run };
