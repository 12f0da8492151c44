import * as tf from '@tensorflow/tfjs';
import { createObjective, DescentError, type FirstOrderRuleConfig, type LbfgsConfig } from '@descent/core';
import type { ConformanceTarget, OptimizerCase, OptimizerRun } from '@descent/conformance';
import { createDescentOptimizer } from './optimizer/factories';
import { DescentLbfgs } from './lbfgs';
import type { DescentOptions, Execution } from './options';

/** Options of a conformance target beyond its name. */
export interface TargetOptions {
  /** Force the fused kernels or the tf-ops path (default "auto": fused on cpu and wasm). */
  execution?: Execution;
}

const BACKENDS: Readonly<Record<string, string>> = { tfjs: 'cpu', 'tfjs-wasm': 'wasm' };
let cases = 0;

/** Loads and activates the backend of a target, returning the one active before. */
async function activate(backend: string): Promise<string | undefined> {
  const previous = tf.getBackend() as string | undefined;
  if (backend === 'wasm' && tf.findBackendFactory('wasm') == null) {
    await import('@tensorflow/tfjs-backend-wasm');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`the tfjs "${backend}" backend failed to initialize`);
  await tf.ready();
  return previous;
}

/** The loss of a case's objective as a tf op: the spec objective's value, and its gradient for backprop. */
function objectiveLoss(c: OptimizerCase, variable: tf.Variable): () => tf.Scalar {
  const objective = createObjective(c.objective, variable.size, `case "${c.id}".objective`);
  const loss = tf.customGrad((x) => {
    const gradient = new Float32Array(variable.size);
    const value = objective.evaluate((x as tf.Tensor).dataSync(), gradient);
    return { value: tf.scalar(value), gradFunc: (dy: tf.Tensor) => dy.mul(tf.tensor(gradient, variable.shape)) };
  });
  return () => loss(variable) as tf.Scalar;
}

function lossAfter(c: OptimizerCase, variable: tf.Variable): number {
  const values = variable.dataSync();
  return createObjective(c.objective, variable.size).evaluate(values, new Float64Array(values.length));
}

function variablesOf(c: OptimizerCase): tf.Variable[] {
  const id = cases++;
  return c.params.map((p, i) => tf.tidy(() => tf.variable(tf.tensor(p.values, p.shape, 'float32'), true, `conformance${id}/${i}`)));
}

function runLbfgs(c: OptimizerCase): OptimizerRun {
  if (c.objective === undefined || c.steps === undefined || c.params.length !== 1) {
    throw new DescentError(`case "${c.id}"`, c.id, 'a closed-loop case with one tensor (lbfgs needs an objective)');
  }
  const [variable] = variablesOf(c);
  try {
    const optimizer = new DescentLbfgs(c.optimizer as unknown as LbfgsConfig);
    const loss = objectiveLoss(c, variable);
    const run: OptimizerRun = { params: [], losses: [] };
    for (let s = 0; s < c.steps; s++) {
      optimizer.minimize(loss, [variable]);
      run.params.push([Array.from(variable.dataSync())]);
      run.losses?.push(lossAfter(c, variable));
    }
    return run;
  } finally {
    variable.dispose();
  }
}

function runFirstOrder(c: OptimizerCase, execution: Execution): OptimizerRun {
  const options: DescentOptions = { execution };
  if (c.schedule !== undefined) options.schedule = c.schedule as unknown as DescentOptions['schedule'];
  if (c.transforms !== undefined) options.transforms = c.transforms as unknown as DescentOptions['transforms'];
  if (c.average !== undefined) options.average = c.average as unknown as DescentOptions['average'];
  const optimizer = createDescentOptimizer(c.optimizer as unknown as FirstOrderRuleConfig, options);
  const variables = variablesOf(c);
  try {
    const run: OptimizerRun = { params: [], learningRates: [] };
    const loss = c.objective === undefined ? null : objectiveLoss(c, variables[0]);
    if (loss !== null) run.losses = [];
    const steps = c.grads?.length ?? c.steps ?? 0;
    for (let s = 0; s < steps; s++) {
      run.learningRates?.push(optimizer.scheduledLearningRate);
      if (loss === null) {
        const grads = (c.grads as number[][][])[s].map((g, i) => tf.tensor(g, c.params[i].shape, 'float32'));
        optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i] })));
        tf.dispose(grads);
      } else {
        optimizer.minimize(loss, false, variables);
        run.losses?.push(lossAfter(c, variables[0]));
      }
      if (c.metrics !== undefined) optimizer.reportMetric(c.metrics[s]);
      run.params.push(variables.map((v) => Array.from(v.dataSync())));
    }
    if (c.average !== undefined) {
      run.average = variables.map((v) => {
        const average = optimizer.averageOf(v);
        const values = average === null ? [] : Array.from(average.dataSync());
        average?.dispose();
        return values;
      });
    }
    return run;
  } finally {
    optimizer.dispose();
    tf.dispose(variables);
  }
}

/**
 * The conformance targets of this package: "tfjs" runs every case through the descent
 * optimizers on the cpu backend, "tfjs-wasm" on the wasm backend. Open-loop cases feed
 * the vector's gradients to `applyGradients`; closed-loop cases call `minimize` with the
 * spec objective as a tf op; lbfgs cases run DescentLbfgs. `dispose` restores the backend.
 */
export async function createTarget(name: string, options: TargetOptions = {}): Promise<ConformanceTarget> {
  const backend = BACKENDS[name];
  if (backend === undefined) throw new Error(`@descent/tfjs has no target "${name}"; its targets: ${Object.keys(BACKENDS).join(', ')}`);
  const execution = options.execution ?? 'auto';
  const previous = await activate(backend);
  return {
    name: execution === 'auto' ? name : `${name} (${execution})`,
    precision: 'float32',
    runOptimizerCase: (c) => (c.optimizer.type === 'lbfgs' ? runLbfgs(c) : runFirstOrder(c, execution)),
    async dispose() {
      if (previous !== undefined && previous !== backend) await tf.setBackend(previous);
    },
  };
}
