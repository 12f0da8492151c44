import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDropoutMask, dropoutInferenceScale, dropoutMask, Random } from '../src';

/** Written by packages/conformance/generators/dropout.py: the generator and dropout computed in Python and torch. */
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'dropout.json'), 'utf8')) as {
  generators: { seed: number; state: number[]; nextUint32: number[]; nextFloat: number[] }[];
  dropout: Record<string, number[]> & { seed: number; rate: number; units: number }[];
};

describe.each(fixture.generators)('the generator with seed $seed, against the Python implementation of its documentation', (c) => {
  test('state, nextUint32 and nextFloat agree exactly', () => {
    const random = new Random(c.seed);
    expect(random.getState()).toEqual(c.state);
    expect(c.nextUint32.map(() => random.nextUint32())).toEqual(c.nextUint32);
    const floats = new Random(c.seed);
    expect(c.nextFloat.map(() => floats.nextFloat())).toEqual(c.nextFloat);
  });
});

describe.each(fixture.dropout as unknown as { seed: number; rate: number; units: number; [key: string]: number | number[] }[])(
  'dropout with seed $seed and rate $rate, against torch float32',
  (c) => {
    const activations = () => Float32Array.from(c.activations as number[]);
    test.each(['inverted', 'classic'] as const)('%s: masks, training and test activations bit for bit', (mode) => {
      const mask = new Float32Array(c.units);
      dropoutMask(new Random(c.seed), c.rate, mask, mode);
      expect(Array.from(mask)).toEqual(c[`${mode}Mask`]);
      const train = activations();
      applyDropoutMask(train, mask);
      expect(Array.from(train)).toEqual(c[`${mode}Train`]);
      const test = activations().map((h) => h * Math.fround(dropoutInferenceScale(c.rate, mode)));
      expect(Array.from(test)).toEqual(c[`${mode}Test`]);
    });
  },
);
