import { DescentError } from '@descent/core';
import { checkValues } from './data';
import type { BrainNet } from './network';

/**
 * Checks an initialized net's layout and values before training touches it: `sizes`
 * are layer sizes (integers ≥ 1) and `outputLayer` is its last index; every layer
 * 1 … outputLayer has `sizes[layer]` weight rows of `sizes[layer − 1]` finite numbers and
 * `sizes[layer]` finite biases. brain.js's `fromJSON` takes rows of any length and turns a
 * non-number into NaN without a word, so a tampered or damaged JSON net is caught here,
 * by layer, node and index.
 */
export function checkNetArrays(net: BrainNet): void {
  const sizes: unknown = net.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new DescentError('net.sizes', sizes, 'the layer sizes, two or more integers ≥ 1');
  }
  if (net.outputLayer !== sizes.length - 1) throw new DescentError('net.outputLayer', net.outputLayer, `${sizes.length - 1}, the last index of net.sizes`);
  for (let layer = 1; layer < sizes.length; layer++) {
    const rows: unknown = net.weights[layer];
    const nodes = sizes[layer];
    const incoming = sizes[layer - 1];
    if (!Array.isArray(rows)) throw new DescentError(`net.weights[${layer}]`, rows, `an array of ${nodes} weight rows (net.sizes[${layer}]), each a Float32Array or an array of numbers`);
    if (rows.length !== nodes) throw new DescentError(`net.weights[${layer}].length`, rows.length, `${nodes}, the nodes of layer ${layer} (net.sizes[${layer}])`);
    rows.forEach((row: unknown, node) => checkNumbers(row, incoming, `net.weights[${layer}][${node}]`, `weights per node of layer ${layer} (net.sizes[${layer - 1}])`));
    checkNumbers(net.biases[layer], nodes, `net.biases[${layer}]`, `biases of layer ${layer} (net.sizes[${layer}])`);
  }
}

/** Checks that `values` is an array or typed array of `length` finite numbers (the net's `what`). */
function checkNumbers(values: unknown, length: number, where: string, what: string): void {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) throw new DescentError(where, values, `a Float32Array or an array of ${length} numbers`);
  checkValues(values as ArrayLike<number>, length, where, what);
}
