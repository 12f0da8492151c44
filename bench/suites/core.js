'use strict';
/**
 * core/<rule>: one step of the fast Float32Array engine (WebAssembly SIMD kernels) over
 * ~1M parameters in realistic shapes, against the memory-bandwidth floor measured beside
 * it: a streaming triad (a = b + s·c, a JavaScript loop over Float32Arrays) over arrays of
 * the same total size gives the bandwidth, and the floor of a rule is the bytes it must
 * read and write per step (parameters, gradients, every slot read; parameters and slots
 * written) divided by that bandwidth. A step includes the check for non-finite gradients.
 * core-js/<rule> (no target) shows the engine with its JavaScript kernels, for comparison.
 * core/muon-1000x1000: one muon step of a 1000×1000 weight (1M parameters), which is
 * dominated by the Newton–Schulz iteration on the host, against a yardstick measured beside
 * it: the iteration's multiply-adds (5 steps of n²m/2 + n³/2 + n²m) at the rate of a plain
 * JavaScript float64 dot product (four sums) over cache-resident arrays. Below 1 means the
 * blocked products beat plain dot products; no target (the same-run yardstick, not a floor).
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

/** Milliseconds per multiply-add of JavaScript float64 arithmetic: a dot product of cache-resident arrays, four sums at a time. */
function multiplyAddMs() {
  const n = 4096;
  const a = new Float64Array(n).fill(1.0001);
  const b = new Float64Array(n).fill(0.9999);
  let sink = 0; // the sums are used, so the loop is not optimized away
  const ms = timePerCall(() => {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = 0; i < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    sink += s0 + s1 + s2 + s3;
  });
  return ms / n;
}

/** One muon step of a square matrix against its Newton–Schulz multiply-adds at the JS dot-product rate. */
function muonRow(log, size) {
  const { nsSteps } = resolveRule({ type: 'muon' }).hyperparameters;
  const [params] = makeTensors([[size, size]], 3);
  const [grads] = makeTensors([[size, size]], 4);
  const optimizer = createOptimizer({ rule: { type: 'muon' } }, 'simd');
  const step = timePerCall(() => optimizer.step([params], [grads.values]), SHOWN_ONLY);
  const multiplyAdds = nsSteps * (size ** 3 / 2 + size ** 3 / 2 + size ** 3);
  const yardstick = multiplyAdds * multiplyAddMs();
  log(`core/muon-${size}x${size}: ${step.toFixed(0)} ms, ${(multiplyAdds / 1e9).toFixed(1)}e9 multiply-adds at the dot-product rate ${yardstick.toFixed(0)} ms`);
  return { name: `core/muon-${size}x${size}`, unit: 'ms/step', value: step, baseline: 'multiply-adds at the JS dot-product rate', baselineValue: yardstick, target: null };
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
  rows.push(muonRow(log, 1000));
  return rows;
}

module.exports = { run };
