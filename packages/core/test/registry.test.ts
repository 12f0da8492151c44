import { readFileSync } from 'node:fs';
import * as core from '../src';
import { displayNameOf, rules } from '../src';
import { render, scanRules, TARGET } from '../scripts/generate-registry';

test('src/rules/registry.generated.ts is what scripts/generate-registry.js writes for the rule files (run npm run build)', () => {
  expect(readFileSync(TARGET, 'utf8')).toBe(render(scanRules()));
});

test('the registry keys every rule by its type: the lecture\'s rules first, in its order', () => {
  for (const [type, rule] of Object.entries(rules)) expect(rule.type).toBe(type);
  expect(Object.keys(rules).slice(0, 10)).toEqual(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'adadelta', 'lion']);
});

test('every rule definition the core exports is in the registry', () => {
  const isRule = (value: unknown): boolean =>
    typeof value === 'object' && value !== null && 'type' in value && 'fields' in value && 'update' in value && typeof value.update === 'function';
  const registered = new Set<unknown>(Object.values(rules));
  const missing = Object.entries(core).filter(([, value]) => isRule(value) && !registered.has(value)).map(([name]) => name);
  expect(missing).toEqual([]);
});

test('a rule\'s display name is its own, or its type capitalized', () => {
  expect(displayNameOf(rules.rmsprop)).toBe('RMSprop');
  expect(displayNameOf(rules.adagrad)).toBe('Adagrad');
  expect(displayNameOf({ type: 'lamb' })).toBe('Lamb');
});

test('the scan finds rules made by defineRule and by a local function that returns it, and nothing else', () => {
  const found = scanRules().map((r) => `${r.module}:${r.name}`);
  expect(found).toEqual(expect.arrayContaining(['adam:adam', 'adam:adamw', 'sgd:sgd']));
  expect(found.filter((f) => f.startsWith('adam:'))).toEqual(['adam:adam', 'adam:adamw']);
  expect(found).toHaveLength(Object.keys(rules).length);
});
