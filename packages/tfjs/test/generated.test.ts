import { readFileSync } from 'node:fs';
import { displayNameOf, ruleTypes, rules } from '@descent/core';
import * as tfjsPackage from '@descent/tfjs';
import { optimizerClasses } from '@descent/tfjs';
import { render, TARGET } from '../scripts/generate-optimizers';

test('src/optimizer/rules.generated.ts is what scripts/generate-optimizers.js writes for the core registry (run npm run build)', () => {
  expect(readFileSync(TARGET, 'utf8')).toBe(render(rules, displayNameOf));
});

test('the lecture\'s classes keep the names saved models load them by', () => {
  const lecture = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'adadelta', 'lion'] as const;
  expect(lecture.map((type) => optimizerClasses[type].className)).toEqual([
    'DescentSGD', 'DescentAdagrad', 'DescentRMSprop', 'DescentAdam', 'DescentAdamW',
    'DescentAdamax', 'DescentNadam', 'DescentRadam', 'DescentAdadelta', 'DescentLion',
  ]);
});

test('every rule of the registry has a class and a factory, exported by name', () => {
  const exports: Record<string, unknown> = { ...tfjsPackage };
  for (const type of ruleTypes) {
    const className = `Descent${displayNameOf(rules[type])}`;
    expect(exports[className]).toBe(optimizerClasses[type]);
    expect(optimizerClasses[type].className).toBe(className);
    const factory = exports[type];
    expect(typeof factory).toBe('function');
    if (typeof factory === 'function') expect(factory()).toBeInstanceOf(optimizerClasses[type]);
  }
});
