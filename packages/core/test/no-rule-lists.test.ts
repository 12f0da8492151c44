/**
 * The registry is the one list of rules: no source file outside packages/core/src/rules
 * lists rule names by hand. A file does when one array or object literal holds 5 or more
 * distinct rule types as string literals (`['sgd', 'adam', …]`, `[{ type: 'sgd' }, …]`);
 * such code takes `ruleTypes` or `rules` from @descent/core instead. Generated files and
 * tests are not checked.
 */
import ts from 'typescript';
import { ruleTypes } from '../src';
import { isGenerated, isTest, readTracked, trackedFiles } from './repository';

/** Where hand-written lists would hide: package sources, benchmarks, examples, docs scripts. */
const CHECKED = /^(packages\/[^/]+\/src|bench|examples|docs)\/.+\.[cm]?[jt]s$/;

/** Lists that are not of this project's rules, with the reason. */
const TF_TRAIN = "tf.train's built-in optimizers, the baselines: fixed by tfjs, not by the registry";
const ALLOWED: Readonly<Record<string, string>> = {
  'bench/suites/tfjs.js': TF_TRAIN,
  'bench/optimizer-cases.js': TF_TRAIN, // where the list moves, shared with the browser bench page
};

const MOST = 4;

/** The largest number of distinct rule types held as string literals by one array or object literal of `source`. */
function largestRuleList(path: string, source: string): { count: number; line: number; names: string[] } {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const known = new Set<string>(ruleTypes);
  let largest = { count: 0, line: 0, names: [] as string[] };
  const namesIn = (node: ts.Node, found: Set<string>): Set<string> => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && known.has(node.text)) found.add(node.text);
    node.forEachChild((child) => void namesIn(child, found));
    return found;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) {
      const names = namesIn(node, new Set());
      if (names.size > largest.count) {
        largest = { count: names.size, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, names: [...names] };
      }
    }
    node.forEachChild(visit);
  };
  visit(file);
  return largest;
}

const files = trackedFiles().filter((path) => CHECKED.test(path) && !path.startsWith('packages/core/src/rules/') && !isTest(path) && !(path in ALLOWED));

test('the check sees the sources it is about', () => {
  expect(files).toEqual(expect.arrayContaining(['bench/suites/core.js', 'examples/core-demo/index.js', 'docs/figures/adaptive.js']));
  expect(largestRuleList('x.js', "const a = [{ type: 'sgd' }, ['adam', 'adamw'], { x: { y: 'lion' } }, 'radam'];").count).toBe(5);
  expect(largestRuleList('x.js', "if (t === 'sgd' || t === 'adam') f('adamw', 'lion', 'radam');").count).toBe(0);
});

test(`no source file outside the rules folder lists more than ${MOST} rule types in one literal`, () => {
  const offenders = files.flatMap((path) => {
    const source = readTracked(path);
    if (isGenerated(source)) return [];
    const { count, line, names } = largestRuleList(path, source);
    return count > MOST ? [`${path}:${line}: ${names.join(', ')}`] : [];
  });
  expect(offenders).toEqual([]);
});
