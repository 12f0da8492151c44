import { DescentError } from '@descent/core';
import { NeuralNetwork } from 'brain.js';
import { DescentTrainer, train, type TrainOptions } from '../src';
import { failure, randomSamples, seededNet } from './helpers';

type Data = { input: unknown; output: unknown }[];

const good = () => randomSamples(4, 3, 2);
const withChange = (change: (data: Data) => void): Data => {
  const data = good() as Data;
  change(data);
  return data;
};

const badData: [string, Data, string][] = [
  ['an input shorter than the net’s', withChange((d) => (d[1].input = [0.1, 0.2])), 'data[1].input.length'],
  ['an output longer than the net’s', withChange((d) => (d[2].output = [0, 1, 0])), 'data[2].output.length'],
  ['NaN in an input', withChange((d) => ((d[3].input as number[])[1] = NaN)), 'data[3].input[1]'],
  ['Infinity in a target', withChange((d) => ((d[0].output as number[])[0] = Infinity)), 'data[0].output[0]'],
  ['a sample without output', withChange((d) => delete (d[2] as { output?: unknown }).output), 'data[2].output'],
  ['no samples', [], 'data'],
];

const badOptions: [string, TrainOptions<number[], number[]>, string][] = [
  ['an unknown option', { dropot: 0.5 } as never, 'options.dropot'],
  ['dropout rate 1', { dropout: 1 }, 'options.dropout'],
  ['a negative dropout rate in the per-layer list', { dropout: [0.5, -0.1] }, 'options.dropout[1]'],
  ['one rate per hidden layer, but the wrong count', { dropout: [0.5, 0.5, 0.5] }, 'options.dropout'],
  ['input dropout 1.5', { inputDropout: 1.5 }, 'options.inputDropout'],
  ['a frozen layer past the output layer', { frozenLayers: [1, 4] }, 'options.frozenLayers[1]'],
  ['frozen layer 0 (the inputs have no weights)', { frozenLayers: [0] }, 'options.frozenLayers[0]'],
  ['brain.js’s learningRate beside an optimizer', { optimizer: { type: 'adam' }, learningRate: 0.1 }, 'options.learningRate'],
  ['an optimizer field out of range', { optimizer: { type: 'adam', beta1: 1.5 } }, 'adam.beta1'],
  ['an unknown rule', { optimizer: { type: 'adamm' } as never }, 'rule.type'],
  ['a batch size of 0', { batchSize: 0 }, 'options.batchSize'],
  ['an unknown activation', { activation: 'softmax' as never }, 'options.activation'],
  ['a schedule with lbfgs', { optimizer: { type: 'lbfgs' }, schedule: { type: 'constant' } }, 'options.schedule'],
  ['dropout with lbfgs', { optimizer: { type: 'lbfgs' }, dropout: 0.5 }, 'options.dropout'],
  ['validation data of the wrong width', { validation: { data: randomSamples(2, 4, 2) } }, 'options.validation.data[0].input.length'],
  ['an unknown validation field', { validation: { data: good(), patiense: 3 } as never }, 'options.validation.patiense'],
];

describe('bad input: a DescentError naming it, before any weight changes', () => {
  test.each(badData)('%s', (_, data, argument) => {
    const net = seededNet([3, 4, 4, 2]);
    const json = JSON.stringify(net.toJSON());
    expect(failure(() => train(net, data as never, { iterations: 1 })).argument).toBe(argument);
    expect(JSON.stringify(net.toJSON())).toBe(json);
  });

  test.each(badOptions)('%s', (_, options, argument) => {
    const net = seededNet([3, 4, 4, 2]);
    const json = JSON.stringify(net.toJSON());
    expect(failure(() => train(net, good(), { iterations: 1, ...options })).argument).toBe(argument);
    expect(JSON.stringify(net.toJSON())).toBe(json);
  });

  test('the message names the argument, the value and what is allowed', () => {
    const error = failure(() => train(seededNet([3, 4, 2]), good(), { dropout: 1 }));
    expect(error.message).toBe('options.dropout = 1 is invalid: expected a number in [0, 1)');
    expect(failure(() => new DescentTrainer(seededNet([3, 4, 2]), { iterations: 1, sgd: {} } as never)).message).toMatch(/^options\.sgd = \{\} is invalid: expected one of the known options \(.*optimizer.*\): "sgd" is not one/);
  });

  test('an uninitialized net rejected on object data keeps no lookup tables and no weights', () => {
    const net = new NeuralNetwork({ hiddenLayers: [3] });
    const data = [
      { input: { a: 1, b: 0 }, output: { yes: 1 } },
      { input: { a: NaN, b: 1 }, output: { no: 1 } },
    ];
    expect(failure(() => train(net, data)).argument).toBe('data[1].input.a');
    const mixed = [
      { input: { a: 1, b: 0 }, output: [1] },
      { input: { a: 0, b: 1 }, output: [0, 1] },
    ];
    expect(failure(() => train(net, mixed)).argument).toBe('data[1].output.length');
    expect(failure(() => train(net, [mixed[0]], { frozenLayers: [3] })).argument).toBe('options.frozenLayers[0]');
    expect(net.inputLookup).toBeNull();
    expect(net.outputLookup).toBeNull();
    expect(net.weights).toEqual([]);
  });
});

type NetJSON = { sizes: number[]; layers: { weights: unknown[][]; biases: unknown[] }[] };

const tampered: [string, (json: NetJSON) => void, string][] = [
  ['a weight that is not a number (NaN once loaded)', (j) => (j.layers[1].weights[2][0] = 'x'), 'net.weights[1][2][0]'],
  ['an infinite bias', (j) => (j.layers[2].biases[3] = 1e999), 'net.biases[2][3]'],
  ['a weight row one too short', (j) => j.layers[2].weights[0].pop(), 'net.weights[2][0].length'],
  ['a weight row one too long', (j) => j.layers[3].weights[1].push(0.1), 'net.weights[3][1].length'],
  ['one bias too many', (j) => j.layers[1].biases.push(0), 'net.biases[1].length'],
  ['sizes that disagree with the layers', (j) => (j.sizes[1] = 5), 'net.weights[1].length'],
];

describe('a damaged net (e.g. tampered JSON) is rejected by layer and index before any change', () => {
  test.each(tampered)('%s', (_, damage, argument) => {
    const json = JSON.parse(JSON.stringify(seededNet([3, 4, 4, 2]).toJSON())) as NetJSON;
    damage(json);
    const net = new NeuralNetwork<number[], number[]>().fromJSON(json as never);
    const before = JSON.stringify(net.toJSON());
    for (const options of [{}, { transforms: [{ type: 'skipNonFinite' as const }] }, { optimizer: { type: 'lbfgs' as const } }]) {
      expect(failure(() => train(net, good(), { iterations: 1, ...options })).argument).toBe(argument);
      expect(JSON.stringify(net.toJSON())).toBe(before);
    }
  });

  test('the message names the layer, the node and the index', () => {
    const json = JSON.parse(JSON.stringify(seededNet([3, 4, 2]).toJSON())) as NetJSON;
    json.layers[2].weights[1][3] = 'x';
    const net = new NeuralNetwork<number[], number[]>().fromJSON(json as never);
    expect(failure(() => train(net, good())).message).toBe('net.weights[2][1][3] = NaN is invalid: expected a finite number');
  });
});
