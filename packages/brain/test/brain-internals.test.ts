import { FeedForward, layer, NeuralNetwork } from 'brain.js';
import { seededNet } from './helpers';

/**
 * The facts about brain.js 2.0.0-beta.24 this package is built on, checked against the
 * installed brain.js so that an upgrade that changes them fails here first.
 */
describe('brain.js internals', () => {
  test('runInput and calculateDeltas are instance fields that setActivation re-assigns, so overriding them as methods does nothing', () => {
    class Overridden extends NeuralNetwork<number[], number[]> {
      override runInput = NeuralNetwork.prototype._runInputSigmoid;
    }
    const net = new NeuralNetwork({ inputSize: 2, hiddenLayers: [2], outputSize: 1, activation: 'relu' });
    expect(Object.prototype.hasOwnProperty.call(net, 'runInput')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(net, 'calculateDeltas')).toBe(true);
    net.initialize();
    expect(net.runInput).toBe(NeuralNetwork.prototype._runInputRelu);
    expect(net.calculateDeltas).toBe(NeuralNetwork.prototype._calculateDeltasRelu);
    const sub = new Overridden({ inputSize: 2, hiddenLayers: [2], outputSize: 1, activation: 'tanh' });
    sub.initialize();
    expect(sub.runInput).toBe(NeuralNetwork.prototype._runInputTanh);
  });

  test('praxis "adam" assigns adjustWeights on the instance', () => {
    const net = new NeuralNetwork({ inputSize: 2, hiddenLayers: [2], outputSize: 1, praxis: 'adam' });
    expect(Object.prototype.hasOwnProperty.call(net, 'adjustWeights')).toBe(false);
    net.initialize();
    expect(Object.prototype.hasOwnProperty.call(net, 'adjustWeights')).toBe(true);
    expect(net.adjustWeights).toBe(NeuralNetwork.prototype._adjustWeightsAdam);
  });

  test('deltas hold (target − output)·f′ at the output: the negative gradient of ½·Σ(target − output)²', () => {
    const net = seededNet([3, 4, 2]);
    const output = Float32Array.from(net.runInput(Float32Array.from([0.2, 0.5, 0.9])));
    const target = Float32Array.from([1, 0]);
    net.calculateDeltas(target);
    output.forEach((o, j) => expect(net.deltas[2][j]).toBeCloseTo((target[j] - o) * o * (1 - o), 7));
  });

  test('toJSON keeps only the training options brain.js knows', () => {
    const net = seededNet([3, 4, 2]);
    Object.assign(net.trainOpts, { dropout: 0.5, batchSize: 32 });
    const json = net.toJSON();
    expect(Object.keys(json.trainOpts).sort()).toEqual(
      ['activation', 'beta1', 'beta2', 'callbackPeriod', 'epsilon', 'errorThresh', 'iterations', 'leakyReluAlpha', 'learningRate', 'log', 'logPeriod', 'momentum', 'praxis', 'timeout'].sort(),
    );
  });

  test('the layer API’s dropout does not train: its kernel constant "probability" is never declared', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const net = new FeedForward({
      inputLayer: () => layer.input({ height: 2 }),
      hiddenLayers: [(input) => layer.dropout(layer.feedForward({ height: 3 }, input), { probability: 0.5 })],
      outputLayer: (input) => layer.target({ height: 1 }, input),
    });
    expect(() => net.train([{ input: [0, 1], output: [1] }], { iterations: 1 })).toThrow('Type for constant "probability" not declared');
    expect(warn).toHaveBeenCalledWith('Falling back to CPU: kernel maps are not supported on the webasm backend');
    warn.mockRestore();
  });
});
