'use strict';
/**
 * core/<rule>: one step of the fast Float32Array engine (WebAssembly SIMD kernels) over
 * ~1M parameters in realistic shapes, against the memory-bandwidth floor measured beside
 * it: a streaming triad (a = b + s·c, a JavaScript loop over Float32Arrays) over arrays of
 * the same total size gives the bandwidth, and the floor of a rule is the bytes it must
 * read and write per step (parameters, gradients, every slot read; parameters and slots
 * written) divided by that bandwidth. A step includes the check for non-finite gradients.
 * core-js/<rule> (no target) shows the engine with its JavaScript kernels, for comparison.
 */
const { buildProgram, createOptimizer, resolveRule, ruleTypes, rules } = require('@descent/core');
const { timePerCall, realisticShapes } = require('../timing');

/** Variants measured beside a rule at its defaults, by rule type. */
const VARIANTS = {
  sgd: [
    { name: 'momentum', rule: { type: 'sgd', momentum: 0.9 } },
    { name: 'nesterov', rule: { type: 'sgd', momentum: 0.9, nesterov: true } },
  ],
  adam: [{ name: 'adam-amsgrad', rule: { type: 'adam', amsgrad: true } }],
};

/** True when the rule's update of a matrix is element-wise (no sums, factored moments or orthogonalization before it). */
function elementWise(rule) {
  const { definition, hyperparameters } = resolveRule(rule);
  return buildProgram(definition, hyperparameters, 2).reduction === null;
}

/**
 * Target ratio to the floor: 1.3 for the sgd family (little arithmetic per byte), 2.0 for the
 * other element-wise rules; none for rules that reduce a tensor first (shown for comparison).
 */
const targetOf = (rule) => (!elementWise(rule) ? null : rule.type === 'sgd' ? 1.3 : 2.0);

/** Rounds for a row without a target (shown for comparison): a reducing rule's step can take seconds, so fewer. */
const SHOWN_ONLY = { rounds: 3, minRoundMs: 0, warmup: 1 };

/** Every rule of the registry at its defaults, each followed by its variants. */
const CASES = ruleTypes
  .flatMap((type) => [{ name: type, rule: { type } }, ...(VARIANTS[type] ?? [])])
  .map((c) => ({ ...c, target: targetOf(c.rule) }));

function makeTensors(shapes, seed) {
  let x = seed;
  const next = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5) * 0.02;
  return shapes.map((shape, i) => {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let j = 0; j < values.length; j++) values[j] = next();
    return { name: `t${i}`, shape, values };
  });
}

/** Milliseconds of a triad a = b + s·c over `n` floats: the bandwidth yardstick. */
function triadMs(n) {
  const a = new Float32Array(n);
  const b = new Float32Array(n).fill(1);
  const c = new Float32Array(n).fill(2);
  const s = 0.5;
  return timePerCall(() => {
    for (let i = 0; i < n; i++) a[i] = b[i] + s * c[i];
  });
}

async function run(log) {
  const shapes = realisticShapes(1 << 20);
  const params = makeTensors(shapes, 1);
  const grads = makeTensors(shapes, 2).map((t) => t.values);
  const n = params.reduce((sum, p) => sum + p.values.length, 0);
  const triad = triadMs(n);
  const bytesPerMs = (12 * n) / triad;
  log(`${n} parameters in ${shapes.length} tensors; triad ${triad.toFixed(3)} ms = ${(bytesPerMs / 1e6).toFixed(2)} GB/s`);
  const rows = [];
  for (const [prefix, kernels] of [['core', 'simd'], ['core-js', 'js']]) {
    for (const c of CASES) {
      const optimizer = createOptimizer({ rule: c.rule }, kernels);
      const slots = rules[c.rule.type].slots(optimizer.hyperparameters).length;
      const bytes = 4 * n * (2 + slots) + 4 * n * (1 + slots);
      const floor = bytes / bytesPerMs;
      const step = timePerCall(() => optimizer.step(params, grads), c.target === null ? SHOWN_ONLY : undefined);
      log(`${prefix}/${c.name}: ${step.toFixed(3)} ms, floor ${floor.toFixed(3)} ms (${slots} slots)`);
      const target = kernels === 'simd' ? c.target : null;
      rows.push({ name: `${prefix}/${c.name}`, unit: 'ms/step', value: step, baseline: 'memory-bandwidth floor', baselineValue: floor, target });
    }
  }
  return rows;
}

module.exports = { run };
