#!/usr/bin/env node
'use strict';
/**
 * The lecture's opening pictures, in numbers: every update rule of @descent/core on a
 * poorly conditioned quadratic (a long narrow valley, where plain SGD zig-zags) and on a
 * saddle (where the gradient vanishes and plain SGD stalls). Prints, for each rule, the
 * steps it took to reach the target loss and the loss after the last step.
 *
 * Usage: node examples/spec-demo [steps]   (default 500)
 */
const { createOptimizer, createLbfgs, quadratic, saddle } = require('@descent/core');

const steps = Number(process.argv[2] ?? 500);
if (!Number.isInteger(steps) || steps < 1) {
  console.error(`steps must be an integer ≥ 1, got ${process.argv[2]}`);
  process.exit(2);
}

/** The same learning-rate budget for every rule: each rule's rate picked once for these surfaces. */
const RULES = [
  ['sgd', { type: 'sgd', learningRate: 0.018 }],
  ['sgd + momentum', { type: 'sgd', learningRate: 0.018, momentum: 0.9 }],
  ['nesterov', { type: 'sgd', learningRate: 0.018, momentum: 0.9, nesterov: true }],
  ['adagrad', { type: 'adagrad', learningRate: 0.5 }],
  ['rmsprop', { type: 'rmsprop', learningRate: 0.02 }],
  ['adam', { type: 'adam', learningRate: 0.1 }],
  ['adam (no bias correction)', { type: 'adam', learningRate: 0.1, biasCorrection: false }],
  ['adamw', { type: 'adamw', learningRate: 0.1, weightDecay: 1e-4 }],
  ['amsgrad', { type: 'adam', learningRate: 0.1, amsgrad: true }],
  ['adamax', { type: 'adamax', learningRate: 0.1 }],
  ['nadam', { type: 'nadam', learningRate: 0.1 }],
  ['radam', { type: 'radam', learningRate: 0.1 }],
  ['adadelta', { type: 'adadelta', learningRate: 1 }],
  ['lion', { type: 'lion', learningRate: 0.01 }],
];

const SURFACES = [
  {
    name: 'quadratic',
    objective: quadratic({ A: [[1, 0], [0, 50]], b: [0, 0] }),
    start: [-4, 1],
    target: 1e-4,
  },
  { name: 'saddle', objective: saddle(0.05), start: [-1, 1e-3], target: -4 },
];

function runFirstOrder(rule, surface) {
  const optimizer = createOptimizer({ rule });
  const x = Float32Array.from(surface.start);
  const gradient = new Float32Array(x.length);
  let reached = null;
  let loss = surface.objective.evaluate(x, gradient);
  for (let step = 1; step <= steps; step++) {
    optimizer.step([{ name: 'x', values: x }], [gradient]);
    loss = surface.objective.evaluate(x, gradient);
    if (reached === null && loss <= surface.target) reached = step;
  }
  return { reached, loss };
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

const rows = [...RULES.map(([name, rule]) => [name, (s) => runFirstOrder(rule, s)]), ['l-bfgs (strong Wolfe)', runLbfgs]].map(
  ([name, run]) => {
    const row = { rule: name };
    for (const surface of SURFACES) {
      const { reached, loss } = run(surface);
      row[`${surface.name}: steps to ≤ ${surface.target}`] = reached ?? `not in ${steps}`;
      row[`${surface.name}: final loss`] = Number(loss.toPrecision(4));
    }
    return row;
  },
);

console.log(`Every rule, ${steps} steps: a valley with condition number 50 (start ${JSON.stringify(SURFACES[0].start)}),`);
console.log(`and the saddle x² − y² + 0.05·y⁴ (start ${JSON.stringify(SURFACES[1].start)}, just off the ridge; minimum −5).`);
console.table(rows);
console.log('One L-BFGS step here is one iteration (maxIter 1); its line search evaluates the objective a few times per step.');
