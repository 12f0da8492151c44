import { DescentError } from '@descent/core';
import { recurrent } from 'brain.js';
import type { RNN } from 'brain.js/dist/recurrent/rnn';
import type { RNNTimeStep } from 'brain.js/dist/recurrent/rnn-time-step';
import type { DataFormatter } from 'brain.js/dist/utilities/data-formatter';
import type { PlannedSizes, RecurrentNet } from './net';
import type { Sequence } from './propagation';

/** A data formatter's tables, which its `format` sets up from the first data it sees. */
type FormatterTables = Pick<DataFormatter, 'indexTable' | 'characterTable' | 'characters' | 'specialIndexes' | 'isSetup'> & { values: unknown };

/** The formatting state brain.js changes while it formats data: the data formatter's tables, a TimeStep net's options and lookups. */
interface FormatState {
  options: RecurrentNet['options'];
  formatter: FormatterTables | null;
  lookups: Pick<RNNTimeStep, 'inputLookup' | 'inputLookupLength' | 'outputLookup' | 'outputLookupLength'> | null;
}

function saveTables(net: RNN): FormatterTables {
  const formatter = net.options.dataFormatter as DataFormatter;
  return {
    values: formatter['values'],
    indexTable: { ...formatter.indexTable },
    characterTable: { ...formatter.characterTable },
    characters: [...formatter.characters],
    specialIndexes: [...formatter.specialIndexes],
    isSetup: formatter.isSetup,
  };
}

function saveFormatState(net: RecurrentNet): FormatState {
  return {
    options: net.options,
    formatter: net instanceof recurrent.RNNTimeStep ? null : saveTables(net),
    lookups:
      net instanceof recurrent.RNNTimeStep
        ? { inputLookup: net.inputLookup, inputLookupLength: net.inputLookupLength, outputLookup: net.outputLookup, outputLookupLength: net.outputLookupLength }
        : null,
  };
}

function restoreFormatState(net: RecurrentNet, state: FormatState): void {
  net.options = state.options;
  if (state.formatter !== null && !(net instanceof recurrent.RNNTimeStep)) Object.assign(net.options.dataFormatter, state.formatter);
  if (state.lookups !== null) Object.assign(net, state.lookups);
}

/**
 * Runs `work` (which may format data through the net: set up its data formatter, a
 * TimeStep net's sizes and lookups) and puts the net's formatting state back if it
 * throws: rejected data leaves the net as it was.
 */
export function withRecurrentFormatRollback<T>(net: RecurrentNet, work: () => T): T {
  const saved = saveFormatState(net);
  try {
    return work();
  } catch (error) {
    restoreFormatState(net, saved);
    throw error;
  }
}

/** brain.js's formatting, its errors turned into a DescentError naming the data. */
function brainFormat<T>(where: string, data: unknown, format: () => T): T {
  try {
    return format();
  } catch (error) {
    if (error instanceof DescentError) throw error;
    throw new DescentError(where, data, `data brain.js can format for this net (brain.js: ${(error as Error).message})`);
  }
}

/**
 * Formats data the way brain.js's `train` does. Token nets (RNN, LSTM, GRU): strings,
 * arrays of strings, numbers or booleans, or `{ input, output }` pairs, through the net's
 * data formatter (set up from the data on first use) into token indices. TimeStep nets:
 * sequences of numbers, of arrays or of objects, or `{ input, output }` pairs (brain.js
 * joins them into one sequence), into vectors; an uninitialized net of size 1 takes its
 * size from the data, as brain.js's `setSize` does.
 */
export function formatSequences(net: RecurrentNet, data: unknown, where: string, initialized: boolean): Sequence[] {
  if (!Array.isArray(data) || data.length === 0) throw new DescentError(where, data, 'a non-empty array of training sequences');
  data.forEach((datum, i) => {
    if (datum === null || datum === undefined) throw new DescentError(`${where}[${i}]`, datum, 'a sequence (a string, an array, or an { input, output } pair)');
  });
  if (net instanceof recurrent.RNNTimeStep) {
    return brainFormat(where, data, () => {
      if (!initialized && net.options.inputSize === 1 && net.options.outputSize === 1) net.setSize(data);
      net.verifySize();
      return net.formatData(data);
    });
  }
  const tokenNet: RNN = net;
  return brainFormat(where, data, () => tokenNet.options.dataFormatter.format(data));
}

/**
 * Checks formatted sequences against the net's sizes: token indices are integers the
 * lookup table has rows for (0 … inputRange − 1, and outputs for them), vector sequences
 * have two or more steps of `inputSize` finite numbers.
 */
export function checkSequences(sizes: PlannedSizes, sequences: readonly Sequence[], where: string): void {
  const { inputSize, inputRange, outputSize, timeStep } = sizes;
  sequences.forEach((sequence, i) => {
    if (timeStep) {
      if (sequence.length < 2) throw new DescentError(`${where}[${i}].length`, sequence.length, 'at least 2 steps (each step is taught the next)');
      (sequence as readonly Float32Array[]).forEach((step, t) => {
        if (step.length !== inputSize) throw new DescentError(`${where}[${i}][${t}].length`, step.length, `${inputSize}, the net's inputSize`);
        for (let k = 0; k < step.length; k++) {
          if (!Number.isFinite(step[k])) throw new DescentError(`${where}[${i}][${t}][${k}]`, step[k], 'a finite number');
        }
      });
      return;
    }
    const limit = Math.min(inputRange, outputSize);
    (sequence as readonly number[]).forEach((token, t) => {
      if (!Number.isInteger(token) || token < 0 || token >= limit) throw new DescentError(`${where}[${i}][${t}]`, token, `a token index in [0, ${limit}) (the net's inputRange and outputSize)`);
    });
  });
}
