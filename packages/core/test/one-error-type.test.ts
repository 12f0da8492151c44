/**
 * Every error the packages raise is a DescentError (subclasses allowed): no other error class
 * is declared in packages/*\/src and no plain Error is made there.
 */
import { readTracked, trackedFiles } from './repository';

const sources = trackedFiles().filter((path) => /^packages\/[^/]+\/src\/.*\.ts$/.test(path));

test('the library sources are found', () => {
  expect(sources.length).toBeGreaterThan(50);
});

test('every error class extends DescentError, and only errors.ts extends Error', () => {
  const offenders = sources.flatMap((path) =>
    [...readTracked(path).matchAll(/class\s+(\w+)\s+extends\s+(\w+)/g)]
      .filter(([, name, base]) => /Error$/.test(name) || /Error$/.test(base))
      .filter(([, name, base]) => base !== 'DescentError' && !(path === 'packages/core/src/errors.ts' && name === 'DescentError'))
      .map(([declaration]) => `${path}: ${declaration}`),
  );
  expect(offenders).toEqual([]);
});

test('no plain Error, TypeError or RangeError is made in library code', () => {
  const offenders = sources.flatMap((path) =>
    readTracked(path)
      .split('\n')
      .map((line, i) => ({ line, at: `${path}:${i + 1}` }))
      .filter(({ line }) => /\bnew (Error|TypeError|RangeError)\(/.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`),
  );
  expect(offenders).toEqual([]);
});
