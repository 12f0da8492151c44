import * as tf from '@tensorflow/tfjs';
import { assertOptimizerConfig, createObjective, DescentError, resolveLbfgs } from '@descent/core';
import type { ConformanceTarget, OptimizerCase, OptimizerRun } from '@descent/conformance';
import { createDescentOptimizer } from '../optimizer/factories';
import { DescentLbfgs } from '../lbfgs';
import type { Execution } from '../options';

/** Options of a conformance target beyond its name. */
export interface TargetOptions {
  /** Force the fused kernels or the tf-ops path (default "auto": fused on cpu and wasm). */
  execution?: Execution;
}

let cases = 0;

/**
 * Activates a registered tfjs backend, returning the one active before (undefined when
 * none was). Throws naming the backend when it is not registered or fails to initialize.
 */
export async function activateBackend(backend: string): Promise<string | undefined> {
  const previous = tf.getBackend() as string | undefined;
  if (tf.findBackendFactory(backend) == null) throw new DescentError('backend', backend, 'a tfjs backend registered here (import its package first)');
  if (!(await tf.setBackend(backend))) throw new DescentError('backend', backend, 'a tfjs backend that initializes here (this one failed to)');
  await tf.ready();
  return previous;
}

/** A tensor's values, read asynchronously (no synchronous GPU read). */
const read = async (t: tf.Tensor): Promise<number[]> => Array.from(await t.data());

/**
 * The loss of a case's objective as a tf op, for L-BFGS, which evaluates it as often as
 * the rule asks: the core objective's value at the variable, and its gradient for backprop.
 */
function objectiveLoss(c: OptimizerCase, variable: tf.Variable): () => tf.Scalar {
  const objective = createObjective(c.objective, variable.size, `case "${c.id}".objective`);
  const loss = tf.customGrad((x) => {
    const gradient = new Float32Array(variable.size);
    const value = objective.evaluate((x as tf.Tensor).dataSync(), gradient);
    return { value: tf.scalar(value), gradFunc: (dy: tf.Tensor) => dy.mul(tf.tensor(gradient, variable.shape)) };
  });
  return () => loss(variable) as tf.Scalar;
}

/**
 * The loss of a first-order closed-loop step: the objective and its gradient are computed
 * first, from the variable's values read asynchronously, so `minimize` runs the step with
 * no read from the backend inside it (the loss is evaluated once per step, at these values).
 */
async function stepLoss(c: OptimizerCase, variable: tf.Variable): Promise<() => tf.Scalar> {
  const objective = createObjective(c.objective, variable.size, `case "${c.id}".objective`);
  const gradient = new Float32Array(variable.size);
  const value = objective.evaluate(Float32Array.from(await variable.data()), gradient);
  const loss = tf.customGrad((x) => ({ value: tf.scalar(value), gradFunc: (dy: tf.Tensor) => dy.mul(tf.tensor(gradient, (x as tf.Tensor).shape)) }));
  return () => loss(variable) as tf.Scalar;
}

async function lossAfter(c: OptimizerCase, variable: tf.Variable): Promise<number> {
  const values = Float32Array.from(await variable.data());
  return createObjective(c.objective, variable.size).evaluate(values, new Float64Array(values.length));
}

function variablesOf(c: OptimizerCase): tf.Variable[] {
  const id = cases++;
  return c.params.map((p, i) => tf.tidy(() => tf.variable(tf.tensor(p.values, p.shape, 'float32'), true, `conformance${id}/${i}`)));
}

async function runLbfgs(c: OptimizerCase): Promise<OptimizerRun> {
  if (c.objective === undefined || c.steps === undefined || c.params.length !== 1) {
    throw new DescentError(`case "${c.id}"`, c.id, 'a closed-loop case with one tensor (lbfgs needs an objective)');
  }
  const [variable] = variablesOf(c);
  try {
    const optimizer = new DescentLbfgs(resolveLbfgs(c.optimizer, `case "${c.id}".optimizer`));
    const loss = objectiveLoss(c, variable);
    const run: OptimizerRun = { params: [], losses: [] };
    for (let s = 0; s < c.steps; s++) {
      optimizer.minimize(loss, [variable]);
      run.params.push([await read(variable)]);
      run.losses?.push(await lossAfter(c, variable));
    }
    return run;
  } finally {
    variable.dispose();
  }
}

async function runFirstOrder(c: OptimizerCase, execution: Execution): Promise<OptimizerRun> {
  const config = { rule: c.optimizer, schedule: c.schedule, transforms: c.transforms, average: c.average, lookahead: c.lookahead };
  assertOptimizerConfig(config);
  const { rule, ...options } = config;
  const optimizer = createDescentOptimizer(rule, { ...options, execution });
  const variables = variablesOf(c);
  try {
    const run: OptimizerRun = { params: [], learningRates: [] };
    const closedLoop = c.objective !== undefined;
    if (closedLoop) run.losses = [];
    const steps = c.grads?.length ?? c.steps ?? 0;
    for (let s = 0; s < steps; s++) {
      run.learningRates?.push(optimizer.scheduledLearningRate);
      if (!closedLoop) {
        const grads = (c.grads as number[][][])[s].map((g, i) => tf.tensor(g, c.params[i].shape, 'float32'));
        optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i] })));
        tf.dispose(grads);
      } else {
        optimizer.minimize(await stepLoss(c, variables[0]), false, variables);
        run.losses?.push(await lossAfter(c, variables[0]));
      }
      // A guarded step (skipNonFinite on a GPU) counts once the device has answered.
      await optimizer.settled();
      if (c.metrics !== undefined) optimizer.reportMetric(c.metrics[s]);
      run.params.push(await Promise.all(variables.map(read)));
    }
    if (c.expectedAverage !== undefined) {
      run.average = [];
      for (const v of variables) {
        const average = optimizer.averageOf(v);
        run.average.push(average === null ? [] : await read(average));
        average?.dispose();
      }
    }
    return run;
  } finally {
    optimizer.dispose();
    tf.dispose(variables);
  }
}

/**
 * A conformance target on one tfjs backend, in whatever runtime this is (Node or a page):
 * every case through the descent optimizers. Open-loop cases feed the vector's gradients
 * to `applyGradients`; closed-loop cases call `minimize` with the core objective as a tf
 * op; lbfgs cases run DescentLbfgs. After each step the target awaits `settled()`, then
 * reads the results with `data()`, never synchronously.
 * Activates `backend` (throwing when it is unavailable); `dispose` restores the one before.
 */
export async function backendTarget(name: string, backend: string, options: TargetOptions = {}): Promise<ConformanceTarget> {
  const execution = options.execution ?? 'auto';
  const previous = await activateBackend(backend);
  return {
    name: execution === 'auto' ? name : `${name} (${execution})`,
    precision: 'float32',
    runOptimizerCase: (c) => (c.optimizer.type === 'lbfgs' ? runLbfgs(c) : runFirstOrder(c, execution)),
    async dispose() {
      if (previous !== undefined && previous !== backend) await tf.setBackend(previous);
    },
  };
}
