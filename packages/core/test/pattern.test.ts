import fc from 'fast-check';
import { compilePattern, createOptimizer, DescentError, MAX_PATTERN_PROGRAM } from '../src';

/** Patterns whose backtracking cost explodes with the name's length; each must test in bounded time here. */
const CATASTROPHIC = ['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '(a*)*b', '^(\\w+\\s?)*$', '(.*a){12}', '^(a?){25}a{25}$', '(x+x+)+y'];

describe('group patterns are matched in linear time (a Thompson automaton, not backtracking)', () => {
  test.each(CATASTROPHIC)('%s tests a 5,000-letter name at once', (source) => {
    const matches = compilePattern(source, 'groups[0].pattern');
    const started = Date.now();
    const name = 'a'.repeat(5000) + '!';
    matches(name);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('an optimizer with ^(a+)+$ as a group pattern steps a 27-letter name at once (25 s per fit with RegExp)', () => {
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 0.1 }, groups: [{ pattern: '^(a+)+$', learningRateMultiplier: 0 }] }, 'js');
    const name = `${'a'.repeat(27)}!`;
    const w = new Float32Array([1]);
    const started = Date.now();
    optimizer.step([{ name, values: w }], [new Float32Array([1])]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(w[0]).toBeCloseTo(0.9, 6); // the group did not match: its multiplier 0 was not used
  });

  test.each([
    ['(a)\\1', /backreference/],
    ['(?<x>a)\\k<x>', /backreference/],
    ['a(?=b)', /lookaround/],
    ['(?<!a)b', /lookaround/],
    ['\\bbias', /\\b/],
    ['(?:a{1000}){1000}', new RegExp(`${MAX_PATTERN_PROGRAM}`)],
    ['(', /valid regular expression/],
  ])('%s is refused with a DescentError naming the pattern', (source, reason) => {
    const make = () => createOptimizer({ rule: { type: 'adam' }, groups: [{ pattern: source }] });
    expect(make).toThrow(DescentError);
    expect(make).toThrow(reason);
    expect(make).toThrow(/^groups\[0\]\.pattern = /);
  });

  test.each([
    ['/bias$', ['dense_1/bias', 'dense_1/kernel'], [true, false]],
    ['^dense_1/', ['dense_1/bias', 'dense_12/bias'], [true, false]],
    ['^(?:dense_Dense1|conv)(?:_\\d+)?$', ['dense_Dense1', 'conv_3', 'conv_x'], [true, true, false]],
    ['[^a-c]{2}$', ['abz9', 'abc'], [true, false]],
    ['\\x41\\u0042[\\d\\-]', ['AB-', 'AB5', 'ABx'], [true, true, false]],
    ['a{2,3}b|^$', ['aab', 'ab', ''], [true, false, true]],
  ])('%s matches as RegExp does', (source, names, expected) => {
    const matches = compilePattern(source, 'p');
    expect(names.map(matches)).toEqual(expected);
  });

  test('random patterns over a small alphabet match exactly as RegExp does', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\w', '\\d', '1', '_', '/');
    const pattern: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { maxDepth: 3 },
        atom,
        fc.tuple(tie('node'), tie('node')).map(([a, b]) => a + b),
        fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(?:${a}|${b})`),
        fc.tuple(tie('node'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{2,}', '*?')).map(([a, q]) => `(${a})${q}`),
      ),
    })).node.chain((body) => fc.constantFrom(body, `^${body}`, `${body}$`, `^${body}$`));
    const name = fc.stringMatching(/^[ab1_/]{0,8}$/);
    fc.assert(
      fc.property(pattern, fc.array(name, { minLength: 1, maxLength: 5 }), (source, names) => {
        const ours = compilePattern(source, 'p');
        const theirs = new RegExp(source);
        for (const n of names) expect([source, n, ours(n)]).toEqual([source, n, theirs.test(n)]);
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
