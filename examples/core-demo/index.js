#!/usr/bin/env node
'use strict';
/**
 * The lecture's opening pictures, in numbers: every update rule of @descent/core's registry
 * on a poorly conditioned quadratic (a long narrow valley, where plain SGD zig-zags) and on
 * a saddle (where the gradient vanishes and plain SGD stalls). Prints, for each rule, the
 * learning rate it was given, the steps it took to reach the target loss and the loss
 * after the last step.
 *
 * Usage: node examples/core-demo [steps]   (default 500)
 */
const { createOptimizer, createLbfgs, quadratic, saddle, ruleTypes } = require('@descent/core');

const steps = Number(process.argv[2] ?? 500);
if (!Number.isInteger(steps) || steps < 1) {
  console.error(`steps must be an integer ≥ 1, got ${process.argv[2]}`);
  process.exit(2);
}

const SURFACES = [
  {
    name: 'quadratic',
    objective: quadratic({ A: [[1, 0], [0, 50]], b: [0, 0] }),
    start: [-4, 1],
    target: 1e-4,
  },
  { name: 'saddle', objective: saddle(0.05), start: [-1, 1e-3], target: -4 },
];

/** Runs a first-order rule on a surface; a run that diverges stops there. */
function runFirstOrder(rule, surface) {
  const optimizer = createOptimizer({ rule });
  const x = Float32Array.from(surface.start);
  const gradient = new Float32Array(x.length);
  let reached = null;
  let loss = surface.objective.evaluate(x, gradient);
  for (let step = 1; step <= steps && Number.isFinite(loss) && gradient.every(Number.isFinite); step++) {
    optimizer.step([{ name: 'x', values: x }], [gradient]);
    loss = surface.objective.evaluate(x, gradient);
    if (reached === null && loss <= surface.target) reached = step;
  }
  return { reached, loss };
}

/** Variants shown after a rule at its defaults, by rule type. */
const VARIANTS = {
  sgd: [
    ['sgd + momentum', { type: 'sgd', momentum: 0.9 }],
    ['nesterov', { type: 'sgd', momentum: 0.9, nesterov: true }],
  ],
  adam: [
    ['adam (no bias correction)', { type: 'adam', biasCorrection: false }],
    ['amsgrad', { type: 'adam', amsgrad: true }],
  ],
};

/** Every rule of the registry at its defaults, each followed by its variants. */
const RULES = ruleTypes.flatMap((type) => [[type, { type }], ...(VARIANTS[type] ?? [])]);

/** The learning rates tried: 13 from 0.001 to 1, quarter decades. */
const RATES = Array.from({ length: 13 }, (_, i) => Number((10 ** (-3 + i / 4)).toPrecision(2)));

/**
 * The rule with the learning rate, among RATES, that reaches the valley's target in the
 * fewest steps and ends there (else ends lowest): picked once, on the valley, and used on
 * both surfaces.
 */
function withBestRate(rule) {
  const valley = SURFACES[0];
  const score = ({ reached, loss }) => (loss <= valley.target ? reached : steps + 1 + (Number.isFinite(loss) ? loss / (1 + loss) : 1));
  const runs = RATES.map((learningRate) => ({ learningRate, score: score(runFirstOrder({ ...rule, learningRate }, valley)) }));
  const best = runs.reduce((a, b) => (b.score < a.score ? b : a));
  return { ...rule, learningRate: best.learningRate };
}

function runLbfgs(surface) {
  const lbfgs = createLbfgs({ type: 'lbfgs', lineSearch: 'strongWolfe', maxIter: 1 });
  const x = Float64Array.from(surface.start);
  const gradient = new Float64Array(x.length);
  const evaluate = (at) => ({ loss: surface.objective.evaluate(at, gradient), gradient });
  let reached = null;
  let loss = Infinity;
  for (let step = 1; step <= steps; step++) {
    lbfgs.step(x, evaluate);
    loss = surface.objective.evaluate(x, new Float64Array(x.length));
    if (reached === null && loss <= surface.target) reached = step;
  }
  return { reached, loss };
}

const contenders = [
  ...RULES.map(([name, rule]) => {
    const tuned = withBestRate(rule);
    return [name, tuned.learningRate, (s) => runFirstOrder(tuned, s)];
  }),
  ['l-bfgs (strong Wolfe)', 1, runLbfgs],
];
const rows = contenders.map(([name, lr, run]) => {
  const row = { rule: name, lr };
  for (const surface of SURFACES) {
    const { reached, loss } = run(surface);
    row[`${surface.name}: steps to ≤ ${surface.target}`] = reached ?? `not in ${steps}`;
    row[`${surface.name}: final loss`] = Number(loss.toPrecision(4));
  }
  return row;
});

console.log(`Every rule, ${steps} steps, at its best of ${RATES.length} learning rates on the valley: a valley with condition number 50 (start ${JSON.stringify(SURFACES[0].start)}),`);
console.log(`and the saddle x² − y² + 0.05·y⁴ (start ${JSON.stringify(SURFACES[1].start)}, just off the ridge; minimum −5).`);
console.table(rows);
console.log('One L-BFGS step here is one iteration (maxIter 1); its line search evaluates the objective a few times per step.');
