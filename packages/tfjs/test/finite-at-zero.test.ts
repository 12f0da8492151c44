import { buildProgram, resolveRule, type FirstOrderRuleConfig } from '@descent/core';
import { finiteAtZero } from '../src/gpu/finite-at-zero';

function programOf(rule: FirstOrderRuleConfig) {
  const { definition, hyperparameters } = resolveRule(rule);
  return buildProgram(definition, hyperparameters, 2);
}

describe('finiteAtZero (whether one webgl draw may write the zero padding lanes)', () => {
  test('depends on the coefficients, not only on the program: Adam at zero is 0/ε', () => {
    const program = programOf({ type: 'adam' });
    expect(program.coefficients).toEqual(['beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'stepSize', 'denominatorScale', 'epsilon']);
    // One array, changed in place between calls, as the optimizer reuses its coefficients from step to step.
    const c = Float64Array.of(0.9, 0.1, 0.999, 0.001, 0.001, 1, 1e-8);
    expect(finiteAtZero(program, c)).toBe(true);
    expect(finiteAtZero(program, c)).toBe(true);
    c[6] = 0;
    expect(finiteAtZero(program, c)).toBe(false);
    expect(finiteAtZero(program, c)).toBe(false);
    // The NaN the last probe left behind is not read again: each probe starts from zeros.
    c[6] = 1e-8;
    c[4] = 0.002;
    expect(finiteAtZero(program, c)).toBe(true);
    // A second program object with the same key shares the answer for the same coefficients.
    expect(finiteAtZero(programOf({ type: 'adam' }), c)).toBe(true);
    expect(finiteAtZero(programOf({ type: 'adam' }), Float64Array.of(0.9, 0.1, 0.999, 0.001, 0.002, 1, 0))).toBe(false);
  });

  test('tf.train\'s centered RMSprop, √(s − ā² − ε), is not finite at zero; torch\'s formula is', () => {
    const c = Float64Array.of(0.9, 0.1, 1e-7, 0.001);
    expect(programOf({ type: 'rmsprop', centered: true, formula: 'tfjs' }).coefficients).toEqual(['decay', 'oneMinusDecay', 'epsilon', 'lr']);
    expect(finiteAtZero(programOf({ type: 'rmsprop', centered: true, formula: 'tfjs' }), c)).toBe(false);
    expect(finiteAtZero(programOf({ type: 'rmsprop', centered: true, formula: 'torch' }), c)).toBe(true);
  });

  test('a NaN coefficient gives a program that is not finite at zero, every time', () => {
    const program = programOf({ type: 'sgd' });
    expect(finiteAtZero(program, Float64Array.of(0.1))).toBe(true);
    expect(finiteAtZero(program, Float64Array.of(NaN))).toBe(false);
    expect(finiteAtZero(program, Float64Array.of(NaN))).toBe(false);
    expect(finiteAtZero(program, Float64Array.of(Infinity))).toBe(false);
  });
});
