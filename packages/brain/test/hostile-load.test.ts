/**
 * Hostile input at the brain load paths: Ensemble.fromJSON and a trainer's importState.
 * Each load succeeds or throws a DescentError in bounded time; a refused trainer state
 * changes nothing; an accepted one trains (or is refused by name) without poisoning the net.
 */
import fc from 'fast-check';
import { DescentError } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import { DescentTrainer, Ensemble, ENSEMBLE_TYPE, type TrainOptions } from '../src';
import { anyState, expectAtomicLoad, hostileEdits, LOAD_TIME_LIMIT_MS, type Tally } from '../../core/test/hostile';
import { failure, flatWeights, randomSamples, seededNet } from './helpers';

const data = randomSamples(6, 3, 2);

/** An ensemble of two small trained nets, as JSON. */
function ensembleJSON() {
  return new Ensemble([seededNet([3, 4, 2], 'sigmoid', 1), seededNet([3, 4, 2], 'sigmoid', 2)]).toJSON();
}

describe('Ensemble.fromJSON checks each member before brain.js reads it', () => {
  const json = ensembleJSON();
  const member = json.members[0];

  test.each([
    ['a member that is null', null, /^json\.members\[0\] = null/],
    ['a member that is a string', 'net', /^json\.members\[0\] = "net"/],
    ['a member without layers (brain.js: TypeError)', { ...member, layers: undefined }, /^json\.members\[0\]\.layers/],
    ['sizes of 1e9 (brain.js would allocate them)', { ...member, sizes: [3, 1e9, 2] }, /^json\.members\[0\]\.layers\[1\]\.weights/],
    ['sizes that are not integers', { ...member, sizes: [3, 'x', 2] }, /^json\.members\[0\]\.sizes/],
    ['a NaN weight', { ...member, layers: member.layers.map((l, i) => (i === 1 ? { ...l, weights: l.weights.map((row) => row.map(() => Number.NaN)) } : l)) }, /layers\[1\]\.weights/],
    ['biases too short', { ...member, layers: member.layers.map((l, i) => (i === 2 ? { ...l, biases: [0] } : l)) }, /layers\[2\]\.biases/],
    ['an output lookup pointing past the outputs', { ...member, outputLookup: { a: 0, b: 7 } }, /\.outputLookup/],
    ['training options brain.js refuses', { ...member, trainOpts: { ...member.trainOpts, activation: 'nope' } }, /^json\.members\[0\] = .*brain\.js accepts/],
  ])('%s', (_name, bad, message) => {
    const error = failure(() => Ensemble.fromJSON({ type: ENSEMBLE_TYPE, members: [bad as never, json.members[1]] }));
    expect(error.message).toMatch(message);
  });

  test('a member error shows at most 200 characters of the member', () => {
    const error = failure(() => Ensemble.fromJSON({ type: ENSEMBLE_TYPE, members: [{ ...member, sizes: [3, 'x'.repeat(100_000), 2] } as never] }));
    expect(error.message.length).toBeLessThan(500);
  });

  test('the JSON of a trained ensemble loads back with the same outputs', () => {
    const loaded = Ensemble.fromJSON(json);
    const original = Ensemble.fromJSON(ensembleJSON());
    expect(Array.from(loaded.run([0.1, 0.2, 0.3]) as Float32Array)).toEqual(Array.from(original.run([0.1, 0.2, 0.3]) as Float32Array));
  });

  test('fuzzed: a DescentError or an ensemble whose outputs are finite, in bounded time', () => {
    let loaded = 0;
    fc.assert(
      fc.property(fc.oneof(hostileEdits(json), anyState), (edited) => {
        const started = Date.now();
        let ensemble: Ensemble | null = null;
        try {
          ensemble = Ensemble.fromJSON(edited as never);
        } catch (error) {
          expect(error).toBeInstanceOf(DescentError);
        }
        expect(Date.now() - started).toBeLessThan(LOAD_TIME_LIMIT_MS);
        if (ensemble === null) return;
        loaded++;
        expect(Array.from(ensemble.run([0.1, 0.2, 0.3]) as Float32Array).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 150, seed: 13 },
    );
    expect(loaded).toBeGreaterThan(0);
  });
});

const RECIPES: [string, TrainOptions<number[], number[]>][] = [
  ['adam, accumulate, skipNonFinite, ema, reduceOnPlateau', { optimizer: { type: 'adam', learningRate: 0.02 }, transforms: [{ type: 'skipNonFinite', maxConsecutive: 2 }, { type: 'accumulate', steps: 2 }], average: { type: 'ema' }, schedule: { type: 'reduceOnPlateau' }, batchSize: 2, seed: 3 }],
  ['lbfgs', { optimizer: { type: 'lbfgs', maxIter: 3, historySize: 3 } }],
];

describe.each(RECIPES)('trainer importState fuzzed (%s)', (_name, recipe) => {
  const options = { ...recipe, iterations: 2, errorThresh: 0 };

  test('a DescentError or success, nothing changed on refusal, and an accepted state trains without poisoning the net', () => {
    const net = seededNet([3, 4, 2], 'sigmoid', 5);
    const trainer = new DescentTrainer(net, options);
    trainer.train(data);
    const valid = JSON.parse(JSON.stringify(trainer.exportState())) as unknown;
    const tally: Tally = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(hostileEdits(valid), anyState), (state) => {
        expectAtomicLoad(() => trainer.importState(state as never), () => trainer.exportState(), tally);
        const started = Date.now();
        try {
          trainer.train(data);
        } catch (error) {
          expect(error).toBeInstanceOf(DescentError);
        }
        expect(Date.now() - started).toBeLessThan(LOAD_TIME_LIMIT_MS);
        expect(flatWeights(net).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 50, seed: 13 },
    );
    expect(tally.refused).toBeGreaterThan(0);
  });
});

test('a trainer state with epochs beyond 2^53 is refused by name', () => {
  const trainer = new DescentTrainer(new NeuralNetwork({ hiddenLayers: [2] }), { optimizer: { type: 'sgd' }, iterations: 1 });
  trainer.train(data);
  const state = trainer.exportState();
  expect(failure(() => trainer.importState({ ...state, epochs: 2 ** 60 })).argument).toBe('state.epochs');
});
