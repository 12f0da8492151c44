import {
  assertOptimizerConfig,
  createLbfgs,
  createObjective,
  createOptimizer,
  createReferenceOptimizer,
  DescentError,
  resolveLbfgs,
  type FloatArray,
  type Kernels,
  type Optimizer,
  type OptimizerConfig,
} from '@descent/core';
import type { OptimizerCase } from '../format';
import type { ConformanceTarget, OptimizerRun } from '../target';

type Precision = 'float32' | 'float64';

function allocate(precision: Precision, values: ArrayLike<number>): FloatArray {
  return precision === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

/** The optimizer config of a case, as the core's createOptimizer takes it (checked: throws DescentError). */
export function optimizerConfigOf(c: OptimizerCase): OptimizerConfig {
  const config: Record<string, unknown> = { rule: c.optimizer };
  if (c.schedule !== undefined) config.schedule = c.schedule;
  if (c.transforms !== undefined) config.transforms = c.transforms;
  if (c.average !== undefined) config.average = c.average;
  if (c.lookahead !== undefined) config.lookahead = c.lookahead;
  assertOptimizerConfig(config);
  return config;
}

function runLbfgs(c: OptimizerCase, precision: Precision): OptimizerRun {
  if (c.objective === undefined || c.steps === undefined) {
    throw new DescentError(`case "${c.id}".objective`, undefined, 'an objective: lbfgs runs closed-loop cases only');
  }
  if (c.params.length !== 1) throw new DescentError(`case "${c.id}".params`, c.params.length, 'one tensor for a closed-loop case');
  const lbfgs = createLbfgs({ type: 'lbfgs', ...resolveLbfgs(c.optimizer, `case "${c.id}".optimizer`) });
  const x = allocate(precision, c.params[0].values);
  const objective = createObjective(c.objective, x.length, `case "${c.id}".objective`);
  const gradient = new Float64Array(x.length);
  const evaluate = (at: FloatArray) => ({ loss: objective.evaluate(at, gradient), gradient });
  const run: OptimizerRun = { params: [], losses: [] };
  for (let s = 0; s < c.steps; s++) {
    lbfgs.step(x, evaluate);
    run.params.push([Array.from(x)]);
    run.losses?.push(objective.evaluate(x, gradient));
  }
  return run;
}

function runFirstOrder(c: OptimizerCase, optimizer: Optimizer<FloatArray>, precision: Precision): OptimizerRun {
  const params = c.params.map((p, i) => ({ name: String(i), shape: p.shape, values: allocate(precision, p.values) }));
  const run: OptimizerRun = { params: [], learningRates: [] };
  const steps = c.grads?.length ?? c.steps ?? 0;
  const objective = c.objective === undefined ? null : createObjective(c.objective, params[0].values.length, `case "${c.id}".objective`);
  const gradient = precision === 'float32' ? new Float32Array(params[0].values.length) : new Float64Array(params[0].values.length);
  if (objective !== null) run.losses = [];
  for (let s = 0; s < steps; s++) {
    run.learningRates?.push(optimizer.learningRate);
    if (objective === null) {
      optimizer.step(params, (c.grads as number[][][])[s].map((g) => allocate(precision, g)));
    } else {
      objective.evaluate(params[0].values, gradient);
      optimizer.step(params, [gradient]);
      run.losses?.push(objective.evaluate(params[0].values, new Float64Array(gradient.length)));
    }
    if (c.metrics !== undefined) optimizer.reportMetric(c.metrics[s]);
    run.params.push(params.map((p) => Array.from(p.values)));
  }
  if (c.expectedAverage !== undefined) run.average = params.map((p) => Array.from(optimizer.averageOf(p.name, p.values) ?? []));
  return run;
}

/**
 * A target that runs cases on the core itself: "reference" (float64) or "core" (the fast
 * Float32Array engine, also called "spec", its old name; `kernels` picks its SIMD or
 * JavaScript kernels, default as on this platform).
 */
export function coreTarget(name: 'reference' | 'core', kernels: Kernels = 'auto'): ConformanceTarget {
  const precision: Precision = name === 'reference' ? 'float64' : 'float32';
  return {
    name,
    precision,
    runOptimizerCase(c) {
      if (c.optimizer.type === 'lbfgs') return runLbfgs(c, precision);
      const config = optimizerConfigOf(c);
      const optimizer = (precision === 'float64' ? createReferenceOptimizer(config) : createOptimizer(config, kernels)) as Optimizer<FloatArray>;
      return runFirstOrder(c, optimizer, precision);
    },
  };
}
