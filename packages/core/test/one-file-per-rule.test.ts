/**
 * An element-wise rule needs three things written for it, no more: its definition (one file
 * in packages/core/src/rules), its vectors (the generator and the committed JSON) and its
 * guide line. Rprop, added by that route, is the witness: every tracked file that names it
 * must be one of the three, apart from generated files, tests, measured bench results and
 * the "Adding an optimizer" guide, which is about the procedure itself.
 */
import { isGenerated, isTest, readTracked, trackedFiles } from './repository';

const WITNESS = /\brprop\b/i;

/** The three places a new element-wise rule is written, by name. */
const CATEGORIES: readonly [string, (path: string) => boolean][] = [
  ['definition', (path) => path === 'packages/core/src/rules/rprop.ts'],
  ['vectors', (path) => /^packages\/conformance\/(generators|vectors)\//.test(path)],
  ['guide line', (path) => /^docs\/guides\/[^/]+\.md$/.test(path)],
];

/** Files about the procedure, or written by a program run rather than by hand. */
const NOT_COUNTED = new Set([
  'docs/guides/10-adding-an-optimizer.md', // walks through adding rprop
  'bench/results.json', // rows bench/run.js measured over every rule of the registry
]);

const mentions = trackedFiles().filter((path) => {
  if (isTest(path) || NOT_COUNTED.has(path)) return false;
  const text = readTracked(path);
  return WITNESS.test(text) && !isGenerated(text);
});

test('the witness rule is tracked', () => {
  expect(mentions).toContain('packages/core/src/rules/rprop.ts');
});

test('a new element-wise rule is written in at most 3 places: its definition, its vectors, its guide line', () => {
  const categoryOf = (path: string) => CATEGORIES.find(([, has]) => has(path))?.[0] ?? 'elsewhere';
  const byCategory = new Map<string, string[]>();
  for (const path of mentions) byCategory.set(categoryOf(path), [...(byCategory.get(categoryOf(path)) ?? []), path]);
  expect(byCategory.get('elsewhere') ?? []).toEqual([]);
  expect([...byCategory.keys()].sort()).toEqual(['definition', 'guide line', 'vectors']);
});
