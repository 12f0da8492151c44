import type { ConformanceTarget, OptimizerCase, OptimizerRun } from '@descent/conformance';
import { createObjective, DescentError, type Objective } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import { layerArrays, type BrainNet } from './network';
import { resolveOptions, type TrainOptions } from './options';
import { biasesName, NetParameters, weightsName } from './parameters';
import { FirstOrderUpdate, LbfgsUpdate } from './updates';

/** Where a case's tensor lives in the net: a layer's weights (optionally as a transposed kernel) or biases. */
interface Placement {
  readonly name: string;
  readonly layer: number;
  /** [in, out] for a dense kernel stored transposed as brain.js's rows (node × incoming); null for a flat copy. */
  readonly kernel: readonly [number, number] | null;
}

/** A brain.js net whose arrays hold a case's tensors, and where each one is. */
interface CaseNet {
  readonly net: BrainNet;
  readonly placements: Placement[];
}

/**
 * Lays a case's tensors out on a brain.js net. Dense layers when the tensors read as
 * kernel [in, out] + bias [out] pairs that chain (the kernel transposed into brain.js's
 * node rows); otherwise each tensor becomes the weights of its own layer of n nodes with
 * one input (sizes 1, n₀, 1, n₁, …), the layers in between left out of training.
 */
function caseNet(c: OptimizerCase): CaseNet {
  const shapes = c.params.map((p) => p.shape);
  const dense = shapes.length % 2 === 0 && shapes.every((s, i) => (i % 2 === 0 ? s.length === 2 && (i === 0 || s[0] === shapes[i - 1][0]) : s.length === 1 && s[0] === shapes[i - 1][1]));
  let sizes: number[];
  let placements: Placement[];
  if (dense) {
    sizes = [shapes[0][0], ...shapes.filter((_, i) => i % 2 === 1).map((s) => s[0])];
    placements = shapes.map((s, i) => {
      const layer = Math.floor(i / 2) + 1;
      return i % 2 === 0 ? { name: weightsName(layer), layer, kernel: [s[0], s[1]] as const } : { name: biasesName(layer), layer, kernel: null };
    });
  } else {
    sizes = [1, ...c.params.flatMap((p, i) => (i === 0 ? [p.values.length] : [1, p.values.length]))];
    placements = c.params.map((_, i) => ({ name: weightsName(2 * i + 1), layer: 2 * i + 1, kernel: null }));
  }
  const net = new NeuralNetwork({ inputSize: sizes[0], hiddenLayers: sizes.slice(1, -1), outputSize: sizes[sizes.length - 1] });
  net.initialize();
  return { net, placements };
}

/** The flat array a placement's values live in, in brain.js's own layout. */
function storage(parameters: NetParameters, placement: Placement): Float32Array {
  const layer = parameters.layers[placement.layer - 1];
  return placement.name.startsWith('weights') ? layer.weights : layer.biases;
}

/** Copies case-layout values into brain.js-layout storage. */
function place(values: ArrayLike<number>, into: Float32Array, kernel: Placement['kernel']): void {
  if (kernel === null) {
    for (let i = 0; i < values.length; i++) into[i] = values[i];
    return;
  }
  const [inputs, outputs] = kernel;
  for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) into[j * inputs + i] = values[i * outputs + j];
}

/** Reads a placement back in the case's layout, from brain.js's own row arrays. */
function read(net: BrainNet, placement: Placement): number[] {
  if (placement.name.startsWith('biases')) return Array.from(net.biases[placement.layer]);
  const rows = net.weights[placement.layer];
  if (placement.kernel === null) return rows.flatMap((row) => Array.from(row));
  const [inputs, outputs] = placement.kernel;
  const values: number[] = [];
  for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) values.push(rows[j][i]);
  return values;
}

/** Runs one case through the trainer's update path on brain.js's own arrays. */
function runCase(c: OptimizerCase): OptimizerRun {
  const { net, placements } = caseNet(c);
  const trained = new Set(placements.map((p) => p.name));
  const parameters = new NetParameters(layerArrays(net), (name) => trained.has(name));
  const stores = placements.map((p) => storage(parameters, p));
  placements.forEach((p, i) => place(c.params[i].values, stores[i], p.kernel));
  const given = { optimizer: c.optimizer, schedule: c.schedule, transforms: c.transforms, average: c.average, lookahead: c.lookahead };
  const options = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as TrainOptions;
  const { update: config } = resolveOptions(net, options);
  const objective = c.objective === undefined ? null : createObjective(c.objective, parameters.size, `case "${c.id}".objective`);
  const readAll = () => placements.map((p) => read(net, p));
  if (config.kind === 'lbfgs') {
    if (objective === null) throw new DescentError(`case "${c.id}".objective`, undefined, 'an objective: lbfgs trains on a full-batch loss, so it runs closed-loop cases only');
    return runLbfgs(new LbfgsUpdate(config.config), parameters, objective, c.steps as number, readAll);
  }
  const update = new FirstOrderUpdate(config.config);
  const run: OptimizerRun = { params: [], learningRates: [] };
  const steps = c.grads?.length ?? (c.steps as number);
  if (objective !== null) run.losses = [];
  for (let s = 0; s < steps; s++) {
    run.learningRates?.push(update.learningRate);
    if (objective === null) placements.forEach((p, i) => place((c.grads as number[][][])[s][i], parameters.gradients[i], p.kernel));
    else objective.evaluate(parameters.tensors[0].values, parameters.gradients[0]);
    update.step(parameters);
    if (objective !== null) run.losses?.push(objective.evaluate(parameters.tensors[0].values, new Float64Array(parameters.size)));
    if (c.metrics !== undefined) update.reportMetric(c.metrics[s]);
    run.params.push(readAll());
  }
  const averages = update.averages(parameters);
  if (c.expectedAverage !== undefined && averages !== null) {
    const saved = parameters.snapshot();
    parameters.restore(averages);
    run.average = readAll();
    parameters.restore(saved);
  }
  return run;
}

function runLbfgs(update: LbfgsUpdate, parameters: NetParameters, objective: Objective, steps: number, readAll: () => number[][]): OptimizerRun {
  const run: OptimizerRun = { params: [], losses: [] };
  const values = parameters.tensors[0].values;
  const gradient = parameters.gradients[0];
  for (let s = 0; s < steps; s++) {
    update.step(parameters, () => objective.evaluate(values, gradient));
    run.params.push(readAll());
    run.losses?.push(objective.evaluate(values, new Float64Array(values.length)));
  }
  return run;
}

/**
 * The `brain` conformance target: every case's gradients (or its objective's) go
 * through the trainer's update path — the options it would be given, the core's fast
 * optimizer or L-BFGS stepping the named tensors — onto the weight and bias arrays of a
 * brain.js NeuralNetwork, and the parameters are read back from brain.js's own rows.
 */
export function createTarget(name: string): ConformanceTarget {
  if (name !== 'brain') throw new DescentError('target', name, '"brain", the target @descent/brain provides');
  return { name, precision: 'float32', runOptimizerCase: runCase };
}
