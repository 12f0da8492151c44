import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DescentError } from '@descent/core';
import { build, type Plugin } from 'esbuild';

/**
 * Resolves `@descent/<package>` and `@descent/<package>/<entry>` to the package's TypeScript
 * sources (`src/index.ts`, `src/<entry>.ts`), as jest's moduleNameMapper does, so a page
 * built from a `.ts` entry runs the same code as the tests beside it, not an older `dist`.
 */
const descentSources: Plugin = {
  name: 'descent-sources',
  setup(b) {
    b.onResolve({ filter: /^@descent\/[a-z-]+(\/[a-z-]+)?$/ }, (args) => {
      const [, name, entry = 'index'] = args.path.split('/');
      let root: string;
      try {
        root = dirname(require.resolve(`@descent/${name}/package.json`, { paths: [args.resolveDir] }));
      } catch {
        return undefined;
      }
      const source = join(root, 'src', `${entry}.ts`);
      return existsSync(source) ? { path: source } : undefined;
    });
  },
};

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles a page script for the browser (esbuild, one IIFE with every dependency) and
 * returns its text; cached per entry for the life of the process. A `.ts` entry gets the
 * @descent packages from their sources, a `.js` entry from their built `dist`. A Node
 * built-in (`fs`, `node:path`…) is a build error naming its importer (platform "browser"),
 * unless a package's `browser` field maps it away.
 */
export function bundlePage(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (bundle === undefined) {
    bundle = build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'silent',
      plugins: entry.endsWith('.ts') ? [descentSources] : [],
    }).then(
      (result) => result.outputFiles[0].text,
      (error: Error & { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
        bundles.delete(entry);
        const first = error.errors?.[0];
        const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
        throw new DescentError('entry', entry, `a page script esbuild can bundle (it cannot: ${first?.text ?? error.message}${where})`);
      },
    );
    bundles.set(entry, bundle);
  }
  return bundle;
}
