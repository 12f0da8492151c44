import { DescentError, isPlainObject, Random } from '@descent/core';

/**
 * Checks the parts of an exported trainer state every trainer shares — its `format`, its
 * `epochs` and its generators under `random` — and returns the generators in `keys`'
 * order. Nothing is applied here, so a rejected state changes nothing.
 */
export function readTrainerState(state: unknown, format: string, keys: readonly string[]): { epochs: number; randoms: Random[] } {
  if (!isPlainObject(state) || state.format !== format) {
    throw new DescentError('state.format', isPlainObject(state) ? state.format : state, `"${format}" (an object from exportState)`);
  }
  const { epochs, random } = state;
  if (!Number.isSafeInteger(epochs) || (epochs as number) < 0) throw new DescentError('state.epochs', epochs, 'an integer in [0, 2^53)');
  if (!isPlainObject(random)) throw new DescentError('state.random', random, 'the generators of exportState');
  const randoms = keys.map((key) => {
    try {
      return Random.fromState(random[key] as number[]);
    } catch (error) {
      throw new DescentError(`state.random.${key}`, random[key], (error as DescentError).allowed);
    }
  });
  return { epochs: epochs as number, randoms };
}
