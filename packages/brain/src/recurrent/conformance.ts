import type { OptimizerCase, OptimizerRun } from '@descent/conformance';
import { DescentError, isPlainObject } from '@descent/core';
import { recurrent } from 'brain.js';
import type { TrainOptions } from '../options';
import { formatSequences } from './data';
import { recurrentKind, type RecurrentNet } from './net';
import { RecurrentParameters } from './parameters';
import { SequencePropagation } from './propagation';
import { RecurrentTrainer, type RecurrentData } from './trainer';

/** The objective type of a case whose loss is a brain.js recurrent net's training loss. */
export const RECURRENT_OBJECTIVE = 'brainRecurrent';

const NETS = ['RNN', 'LSTM', 'GRU', 'RNNTimeStep', 'LSTMTimeStep', 'GRUTimeStep'] as const;

/** A net of the objective's kind and options, its matrices laid out for the objective's data, holding the case's parameters. */
function caseNet(c: OptimizerCase): { net: RecurrentNet; data: unknown[] } {
  const where = `case "${c.id}".objective`;
  const objective = c.objective as Record<string, unknown>;
  const kind = objective.net as (typeof NETS)[number];
  if (!NETS.includes(kind)) throw new DescentError(`${where}.net`, kind, `one of ${NETS.map((n) => `"${n}"`).join(', ')}`);
  if (!isPlainObject(objective.options)) throw new DescentError(`${where}.options`, objective.options, "the net's constructor options");
  if (!Array.isArray(objective.data)) throw new DescentError(`${where}.data`, objective.data, 'training data in a form brain.js takes for the net');
  const net: RecurrentNet = new recurrent[kind](objective.options);
  formatSequences(net, objective.data, `${where}.data`, false);
  net.initialize();
  const matrices = net.model.allMatrices;
  if (matrices.length !== c.params.length) throw new DescentError(`case "${c.id}".params.length`, c.params.length, `${matrices.length}, the matrices of the net`);
  matrices.forEach((matrix, i) => {
    const { shape, values } = c.params[i];
    if (shape[0] !== matrix.rows || shape[1] !== matrix.columns) throw new DescentError(`case "${c.id}".params[${i}].shape`, shape, `[${matrix.rows}, ${matrix.columns}]`);
    matrix.weights.set(values);
  });
  return { net, data: objective.data };
}

/**
 * Runs a case whose objective is a brain.js recurrent net's loss through the recurrent
 * trainer: the net built from the objective, its matrices set to the case's parameters,
 * then `steps` epochs of one full batch (the data in order), reading the matrices and
 * the mean loss over the sequences after each.
 */
export function runRecurrentCase(c: OptimizerCase): OptimizerRun {
  if (c.average !== undefined) throw new DescentError(`case "${c.id}".average`, c.average, `no average in a ${RECURRENT_OBJECTIVE} case`);
  const { net, data } = caseNet(c);
  const sequences = formatSequences(net, data, `case "${c.id}".objective.data`, true);
  const parameters = new RecurrentParameters(net);
  const kind = recurrentKind(net);
  const { inputSize, outputSize, hiddenLayers } = net.options;
  const propagation = new SequencePropagation(kind, parameters.slots, hiddenLayers, inputSize, kind.timeStep ? outputSize : outputSize + 1);
  const run: OptimizerRun = { params: [], losses: [] };
  const given = { optimizer: c.optimizer, schedule: c.schedule, transforms: c.transforms };
  const options = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as TrainOptions;
  const progress = () => {
    run.params.push(net.model.allMatrices.map((m) => Array.from(m.weights)));
    run.losses?.push(sequences.reduce((sum, sequence) => sum + propagation.evaluate(sequence).loss, 0) / sequences.length);
  };
  new RecurrentTrainer(net, { ...options, batchSize: sequences.length, shuffle: false, iterations: c.steps as number, errorThresh: 0, progress }).train(data as RecurrentData);
  return run;
}
