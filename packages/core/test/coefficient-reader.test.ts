import { coefficientReader, type CoefficientReader } from '../src/rules/coefficient-reader';
import { withoutNewFunction } from './forbidden-function';

/** The reader of `names`, printed, or as made where `new Function` is forbidden (a fresh module, so nothing is cached). */
function readerOf(names: readonly string[], decayName: string | null, how: 'printed' | 'loop'): CoefficientReader {
  if (how === 'printed') return coefficientReader(names, decayName);
  return withoutNewFunction(() => (require('../src/rules/coefficient-reader') as typeof import('../src/rules/coefficient-reader')).coefficientReader(names, decayName));
}

describe.each(['printed', 'loop'] as const)('the %s coefficient reader', (how) => {
  test('copies the rule\'s coefficients in the program\'s order, the decay coefficient from its argument', () => {
    const names = ['keep', 'weightDecay', 'lr', 'odd "name"'];
    const into = new Float64Array(4);
    expect(readerOf(names, 'weightDecay', how)({ lr: 0.3, keep: 0.1, weightDecay: 99, 'odd "name"': -2 }, 0.01, into)).toBe(-1);
    expect(Array.from(into)).toEqual([0.1, 0.01, 0.3, -2]);
  });

  test('returns the index of the first value that is not a number, having written only those before it', () => {
    const names = ['a', 'b', 'c'];
    const into = new Float64Array([7, 7, 7]);
    expect(readerOf(names, null, how)({ a: 1, b: '2', c: 3 }, 0, into)).toBe(1);
    expect(Array.from(into)).toEqual([1, 7, 7]);
    expect(readerOf(names, null, how)({ a: 1, b: 2 }, 0, into)).toBe(2);
  });
});

test('the same names with another decay name get their own reader', () => {
  const names = ['weightDecay', 'decayFactor'];
  const into = new Float64Array(2);
  coefficientReader(names, 'weightDecay')({ weightDecay: 5, decayFactor: 6 }, 1, into);
  expect(Array.from(into)).toEqual([1, 6]);
  coefficientReader(names, 'decayFactor')({ weightDecay: 5, decayFactor: 6 }, 1, into);
  expect(Array.from(into)).toEqual([5, 1]);
});
