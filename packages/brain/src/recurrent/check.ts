import { DescentError } from '@descent/core';
import { namedMatrices, recurrentKind, type CellKind, type RecurrentNet } from './net';

/** Each cell's gates, as brain.js names their input matrix, hidden matrix and bias. */
const GATE_NAMES: Record<CellKind, [string, string, string][]> = {
  rnn: [['weight', 'transition', 'bias']],
  lstm: ['input', 'forget', 'output', 'cellActivation'].map((g) => [`${g}Matrix`, `${g}Hidden`, `${g}Bias`]),
  gru: ['updateGate', 'resetGate', 'cellWrite'].map((g) => [`${g}InputMatrix`, `${g}HiddenMatrix`, `${g}Bias`]),
};

/** The [rows, columns] brain.js gives each named matrix for the net's options. */
function expectedShapes(net: RecurrentNet): Map<string, [number, number]> {
  const { cell, timeStep } = recurrentKind(net);
  const { inputSize, inputRange, outputSize, hiddenLayers } = net.options;
  const shapes = new Map<string, [number, number]>();
  const extra = timeStep ? 0 : 1;
  if (!timeStep) shapes.set('input', [inputRange + 1, inputSize]);
  hiddenLayers.forEach((size, l) => {
    const inputs = l === 0 ? inputSize : hiddenLayers[l - 1];
    for (const [x, h, b] of GATE_NAMES[cell]) {
      shapes.set(`hiddenLayers/${l}/${x}`, [size, inputs]);
      shapes.set(`hiddenLayers/${l}/${h}`, [size, size]);
      shapes.set(`hiddenLayers/${l}/${b}`, [size, 1]);
    }
  });
  shapes.set('outputConnector', [outputSize + extra, hiddenLayers[hiddenLayers.length - 1]]);
  shapes.set('output', [outputSize + extra, 1]);
  return shapes;
}

/** Checks the net's `hiddenLayers` option: one or more sizes, integers ≥ 1 (before brain.js builds matrices from it). */
export function checkHiddenLayers(net: RecurrentNet): void {
  const { hiddenLayers } = net.options;
  if (!Array.isArray(hiddenLayers) || hiddenLayers.length === 0 || !hiddenLayers.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new DescentError('net.options.hiddenLayers', hiddenLayers, 'the hidden layer sizes, one or more integers ≥ 1');
  }
}

/**
 * Checks an initialized recurrent net before training touches it: `hiddenLayers` are
 * sizes (integers ≥ 1), the model has exactly the matrices brain.js builds for its kind and
 * options, each of the right rows and columns with that many finite weights. brain.js's
 * `fromJSON` takes any values (a non-number becomes NaN) and any lengths, so a tampered
 * or damaged JSON net is caught here, by matrix and index.
 */
export function checkRecurrentNet(net: RecurrentNet): void {
  checkHiddenLayers(net);
  const { hiddenLayers } = net.options;
  if (net.model.hiddenLayers.length !== hiddenLayers.length) {
    throw new DescentError('net.model.hiddenLayers.length', net.model.hiddenLayers.length, `${hiddenLayers.length}, the length of net.options.hiddenLayers`);
  }
  const expected = expectedShapes(net);
  const named = namedMatrices(net);
  const names = new Set(named.map(({ name }) => name));
  for (const name of expected.keys()) if (!names.has(name)) throw new DescentError(`net.model.${name.replace(/\//g, '.')}`, undefined, 'a matrix of the net (brain.js builds one for its kind)');
  for (const { name, matrix } of named) {
    const where = `net.model.${name.replace(/\//g, '.')}`;
    const shape = expected.get(name);
    if (shape === undefined) throw new DescentError(where, matrix, `no such matrix in a ${net.constructor.name}`);
    if (matrix.rows !== shape[0] || matrix.columns !== shape[1]) throw new DescentError(`${where}.rows×columns`, `${matrix.rows}×${matrix.columns}`, `${shape[0]}×${shape[1]}, from the net's options`);
    const { weights } = matrix;
    if (!(weights instanceof Float32Array) || weights.length !== shape[0] * shape[1]) {
      throw new DescentError(`${where}.weights.length`, weights?.length, `${shape[0] * shape[1]}, rows × columns`);
    }
    for (let i = 0; i < weights.length; i++) if (!Number.isFinite(weights[i])) throw new DescentError(`${where}.weights[${i}]`, weights[i], 'a finite number');
  }
}
