import { Random } from '@descent/core';
import { recurrent } from 'brain.js';
import { RecurrentTrainer, train, trainAsync } from '../src';
import { initializeRecurrentSeeded, recurrentKind, type RecurrentNet } from '../src/recurrent/net';
import { RecurrentParameters } from '../src/recurrent/parameters';
import { SequencePropagation, type Sequence } from '../src/recurrent/propagation';
import { failure } from './helpers';

const TEXT = ['hello world', 'hi there', 'howdy'];
const RAMPS = [
  [0.1, 0.2, 0.3, 0.4, 0.5],
  [0.5, 0.4, 0.3, 0.2, 0.1],
];

/** The mean gradient over `sequences` at the net's current weights, tensor order. */
function meanGradient(net: RecurrentNet, sequences: Sequence[]): Float64Array[] {
  const kind = recurrentKind(net);
  const parameters = new RecurrentParameters(net);
  const { inputSize, outputSize, hiddenLayers } = net.options;
  const propagation = new SequencePropagation(kind, parameters.slots, hiddenLayers, inputSize, kind.timeStep ? outputSize : outputSize + 1);
  parameters.zeroGradients();
  for (const sequence of sequences) propagation.train(sequence, 1 / sequences.length);
  return parameters.gradientSums.map((g) => g.slice());
}

function weightsOf(net: RecurrentNet): Float32Array[] {
  return net.model.allMatrices.map((m) => m.weights.slice());
}

describe('the update step', () => {
  test('full-batch sgd takes w − lr·(mean gradient) each epoch, the gradient zeroed before each batch', () => {
    const net = new recurrent.GRUTimeStep({ inputSize: 1, outputSize: 1, hiddenLayers: [3] });
    initializeRecurrentSeeded(net, new Random(5));
    const sequences = RAMPS.map((ramp) => ramp.map((v) => Float32Array.from([v])));
    const expected = weightsOf(net);
    for (let epoch = 0; epoch < 2; epoch++) {
      const copy = new recurrent.GRUTimeStep().fromJSON(net.toJSON());
      copy.model.allMatrices.forEach((m, i) => m.weights.set(expected[i]));
      const gradient = meanGradient(copy, sequences);
      expected.forEach((w, i) => w.forEach((v, k) => (w[k] = Math.fround(v - Math.fround(0.1 * Math.fround(gradient[i][k]))))));
    }
    const status = train(net, RAMPS, { optimizer: { type: 'sgd', learningRate: 0.1 }, batchSize: 2, shuffle: false, iterations: 2, errorThresh: 0 });
    expect(status.steps).toBe(2);
    weightsOf(net).forEach((w, i) => w.forEach((v, k) => expect(v).toBeCloseTo(expected[i][k], 6)));
  });

  test("without an optimizer: brain.js's rule, RMSProp with the net's learning rate and decay, and its clipping", () => {
    const net = new recurrent.LSTM({ learningRate: 0.02, decayRate: 0.95, clipval: 3 } as never);
    const trainer = new RecurrentTrainer(net, { learningRate: 0.03 });
    expect(trainer.options.update.config).toEqual({ rule: { type: 'rmsprop', learningRate: 0.03, decay: 0.95, epsilon: 1e-4 }, transforms: [{ type: 'clipByValue', clipValue: 3 }] });
    expect(new RecurrentTrainer(net, { optimizer: { type: 'adam' } }).options.update.config).toEqual({ rule: { type: 'adam' } });
  });
});

describe('a trained net is a plain brain.js net', () => {
  const net = new recurrent.LSTM({ hiddenLayers: [20] });
  const status = train(net, TEXT, { optimizer: { type: 'adam', learningRate: 0.02 }, iterations: 150, errorThresh: 0, seed: 2 });

  test('it learned the text, and run, fromJSON and a second seeded run agree', () => {
    expect(status.iterations).toBe(150);
    expect(status.steps).toBe(450);
    expect(net.run('hello')).toBe(' world');
    expect(net.run('howd')).toBe('y');
    const copy = new recurrent.LSTM().fromJSON(net.toJSON());
    expect(copy.run('hello')).toBe(' world');
    const again = new recurrent.LSTM({ hiddenLayers: [20] });
    train(again, TEXT, { optimizer: { type: 'adam', learningRate: 0.02 }, iterations: 150, errorThresh: 0, seed: 2 });
    expect(again.toJSON()).toEqual(net.toJSON());
  });

  test('{ input, output } pairs train a token net to answer: run(input) gives the output', () => {
    const gru = new recurrent.GRU({ hiddenLayers: [16] });
    const pairs = [
      { input: 'hi', output: 'there' },
      { input: 'bye', output: 'now' },
    ];
    train(gru, pairs, { optimizer: { type: 'adam', learningRate: 0.03 }, iterations: 200, errorThresh: 0 });
    expect(gru.run('hi')).toBe('there');
    expect(gru.run('bye')).toBe('now');
  });

  test('a TimeStep net takes { input, output } pairs (brain.js joins them into one sequence)', () => {
    const net = new recurrent.LSTMTimeStep({ inputSize: 1, hiddenLayers: [8], outputSize: 1 });
    const pairs = [
      { input: [0.1, 0.2, 0.3], output: [0.4] },
      { input: [0.5, 0.4, 0.3], output: [0.2] },
    ];
    train(net, pairs, { optimizer: { type: 'adam', learningRate: 0.02 }, iterations: 400, errorThresh: 0 });
    expect(net.run([0.1, 0.2, 0.3])).toBeCloseTo(0.4, 1);
    expect(net.run([0.5, 0.4, 0.3])).toBeCloseTo(0.2, 1);
  });

  test.each([
    ['RNNTimeStep', () => new recurrent.RNNTimeStep({ inputSize: 1, hiddenLayers: [8], outputSize: 1 })],
    ['LSTMTimeStep', () => new recurrent.LSTMTimeStep({ inputSize: 1, hiddenLayers: [8], outputSize: 1 })],
    ['GRUTimeStep', () => new recurrent.GRUTimeStep({ inputSize: 1, hiddenLayers: [8], outputSize: 1 })],
  ])('%s learns the ramps; run, forecast and toFunction agree', (_, make) => {
    const ts = make();
    const result = train(ts, RAMPS, { optimizer: { type: 'adam', learningRate: 0.02 }, iterations: 400, errorThresh: 0 });
    expect(result.error).toBeLessThan(0.03);
    expect(ts.run([0.1, 0.2, 0.3, 0.4])).toBeCloseTo(0.5, 1);
    const forecast = ts.forecast([0.5, 0.4], 2);
    expect(forecast[0]).toBeCloseTo(0.3, 1);
    expect(ts.toFunction()([0.1, 0.2, 0.3, 0.4])).toBeCloseTo(ts.run([0.1, 0.2, 0.3, 0.4]), 5);
  });
});

describe('options of recurrent nets', () => {
  test('errorThresh stops on brain.js\'s error; validation data gives a validation error and early stopping', async () => {
    const stopped = train(new recurrent.GRUTimeStep({ inputSize: 1, hiddenLayers: [6], outputSize: 1 }), RAMPS, { optimizer: { type: 'adam', learningRate: 0.02 }, errorThresh: 0.05 });
    expect(stopped.stopReason).toBe('errorThresh');
    expect(stopped.error).toBeLessThanOrEqual(0.05);
    const net = new recurrent.GRU({ hiddenLayers: [8] });
    const status = await trainAsync(net, TEXT, { optimizer: { type: 'adam', learningRate: 0.02 }, iterations: 30, validation: { data: ['hello there'], patience: 5 } });
    expect(status.validationError).not.toBeNull();
    expect(status.bestValidationError).toBeLessThanOrEqual(status.validationError as number);
  });

  test('groups address brain.js\'s matrices by name: a rate multiplier of 0 keeps the lookup table and the first layer\'s forget gate', () => {
    const net = new recurrent.LSTM({ hiddenLayers: [6] });
    const trainer = new RecurrentTrainer(net, { optimizer: { type: 'adam', learningRate: 0.05 }, iterations: 1, errorThresh: 0, groups: [{ pattern: '^(input|hiddenLayers/0/forget.*)$', learningRateMultiplier: 0 }] });
    trainer.train(TEXT);
    const kept = JSON.stringify([net.model.input.weights, net.model.hiddenLayers[0].forgetHidden.weights]);
    const moved = JSON.stringify(net.model.hiddenLayers[0].inputHidden.weights);
    trainer.train(TEXT);
    expect(JSON.stringify([net.model.input.weights, net.model.hiddenLayers[0].forgetHidden.weights])).toBe(kept);
    expect(JSON.stringify(net.model.hiddenLayers[0].inputHidden.weights)).not.toBe(moved);
  });

  test('dropout trains a net that runs without it; the same seed gives the same net', () => {
    const options = { optimizer: { type: 'adam' as const, learningRate: 0.02 }, iterations: 120, errorThresh: 0, dropout: 0.2, inputDropout: 0.1, batchSize: 2 };
    const a = new recurrent.LSTM({ hiddenLayers: [24] });
    const b = new recurrent.LSTM({ hiddenLayers: [24] });
    const status = train(a, TEXT, options);
    train(b, TEXT, options);
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(status.error).toBeLessThan(0.03);
    expect(a.run('hello')).toBe(' world');
  });

  test.each([
    [{ activation: 'relu' }, 'options.activation', /fixed nonlinearities/],
    [{ momentum: 0.9 }, 'options.momentum', /optimizer: \{ type: "sgd", momentum: 0\.9 \}/],
    [{ optimizer: { type: 'lbfgs' } }, 'options.optimizer', /first-order rule/],
    [{ dropoutMode: 'classic' }, 'options.dropoutMode', /inverted/],
    [{ frozenLayers: [1] }, 'options.frozenLayers', /all its matrices/],
    [{ dropout: [0.1, 0.2] }, 'options.dropout', /one rate per hidden layer \(1\)/],
    [{ batchSize: 0 }, 'options.batchSize', /integer/],
  ])('%j is refused, naming %s, and the net is left untouched', (options, argument, reason) => {
    const net = new recurrent.LSTM({ hiddenLayers: [4] });
    const error = failure(() => train(net, TEXT, options as never));
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(reason);
    expect(net.model.isInitialized).toBe(false);
    expect(net.options.dataFormatter.isSetup).toBe(false);
  });
});

describe('bad data changes nothing', () => {
  test('an untrained token net: data brain.js cannot format is named, its formatter left as it was', () => {
    const net = new recurrent.LSTM({ hiddenLayers: [4] });
    const error = failure(() => train(net, ['abc', { x: 1 }] as never));
    expect(error.argument).toBe('data');
    expect(error.message).toMatch(/Unhandled value/);
    expect(net.options.dataFormatter.isSetup).toBe(false);
    expect(net.options.dataFormatter.characters).toEqual([]);
    expect(net.model.isInitialized).toBe(false);
    expect(failure(() => train(net, [])).argument).toBe('data');
    expect(failure(() => train(new recurrent.GRU({ hiddenLayers: [3, 0] }), ['abc'])).argument).toBe('net.options.hiddenLayers');
  });

  test('an untrained TimeStep net: a non-finite value is named, its sizes left as they were', () => {
    const net = new recurrent.LSTMTimeStep({ hiddenLayers: [4] });
    const error = failure(() => train(net, [[[0.1, 0.2], [0.3, NaN]]]));
    expect(error.argument).toBe('data[0][1][1]');
    expect(net.options.inputSize).toBe(1);
    expect(net.model.isInitialized).toBe(false);
    expect(failure(() => train(net, [[[0.1, 0.2]]])).argument).toBe('data[0].length');
  });

  test('a trained net: vectors of the wrong size, or a tampered JSON weight, are named before any weight changes', () => {
    const net = new recurrent.GRUTimeStep({ inputSize: 2, hiddenLayers: [3], outputSize: 2 });
    train(net, [[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]], { iterations: 2 });
    const before = JSON.stringify(net.toJSON());
    expect(failure(() => train(net, [[[0.1, 0.2, 0.3], [0.3, 0.4, 0.5]]])).argument).toBe('data[0][0].length');
    expect(JSON.stringify(net.toJSON())).toBe(before);
    const json = net.toJSON();
    (json.hiddenLayers[0].resetGateHiddenMatrix.weights as unknown[])[4] = 'x';
    const tampered = new recurrent.GRUTimeStep().fromJSON(json);
    const saved = JSON.stringify(tampered.toJSON());
    const nan = failure(() => train(tampered, [[[0.1, 0.2], [0.3, 0.4]]]));
    expect(nan.argument).toBe('net.model.hiddenLayers.0.resetGateHiddenMatrix.weights[4]');
    expect(JSON.stringify(tampered.toJSON())).toBe(saved);
  });
});

describe('state', () => {
  test('a run resumed from the net\'s JSON and the trainer\'s exported state (through JSON) equals one uninterrupted run', () => {
    const options = { optimizer: { type: 'adam' as const, learningRate: 0.02 }, dropout: 0.2, batchSize: 2, iterations: 5, errorThresh: 0, seed: 7 };
    const straight = new recurrent.LSTM({ hiddenLayers: [6] });
    const trainer = new RecurrentTrainer(straight, options);
    trainer.train(TEXT);
    const json = JSON.stringify(straight.toJSON());
    const state = JSON.stringify(trainer.exportState());
    trainer.train(TEXT);
    const resumed = new recurrent.LSTM().fromJSON(JSON.parse(json));
    const second = new RecurrentTrainer(resumed, options);
    second.importState(JSON.parse(state));
    second.train(TEXT);
    expect(resumed.toJSON()).toEqual(straight.toJSON());
    expect(second.epochsTrained).toBe(10);
  });

  test('a state of another kind is refused whole', () => {
    const trainer = new RecurrentTrainer(new recurrent.GRU(), {});
    const state = trainer.exportState();
    expect(failure(() => trainer.importState({ ...state, format: 'descent-brain-trainer/1' } as never)).argument).toBe('state.format');
    expect(failure(() => trainer.importState({ ...state, random: { ...state.random, dropout: [1] } })).argument).toBe('state.random.dropout');
    expect(trainer.exportState()).toEqual(state);
  });
});
