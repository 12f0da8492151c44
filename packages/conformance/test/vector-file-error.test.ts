import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescentError } from '@descent/core';
import { readVectorFile, VectorFileError } from '../src';

test('a vector file that cannot be used is a DescentError (VectorFileError) naming the file, shown short', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'vectors-')), 'broken.json');
  writeFileSync(path, `{"format": ${'x'.repeat(100_000)}`);
  let caught: unknown;
  try {
    readVectorFile(path);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(VectorFileError);
  expect(caught).toBeInstanceOf(DescentError);
  expect((caught as VectorFileError).path).toBe(path);
  expect((caught as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON`));
  expect((caught as Error).message.length).toBeLessThan(600);
});
