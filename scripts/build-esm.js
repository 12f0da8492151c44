'use strict';
/**
 * The ES module build of every package, beside tsc's CommonJS build and types: each export
 * of a package.json whose `import` condition names `./dist/esm/<name>.mjs` is bundled by
 * esbuild from `src/<name>.ts`, with every package import left external (the app's bundler
 * or Node resolves them, so tfjs's own ES build is the one a browser bundle takes). A package
 * with several such entries shares its code between them in chunks, so classes and
 * registries exist once. Run by `npm run build` after `tsc -b`.
 */
const { readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const root = join(__dirname, '..');

/**
 * Dependencies published as CommonJS only. The one import of CommonJS that every bundler
 * allows in an ES module is the default export (webpack refuses named ones in .mjs), so the
 * ES build imports the default and takes the names from it.
 */
const COMMONJS_ONLY = ['brain.js'];

/** Rewrites `import { a } from '<commonjs package>'` to the package's default export, destructured. */
const commonjsDefaults = {
  name: 'commonjs-defaults',
  setup(build) {
    const filter = new RegExp(`^(${COMMONJS_ONLY.map((name) => name.replace(/[.]/g, '\\.')).join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'commonjs-defaults' ? { path: args.path, external: true } : { path: args.path, namespace: 'commonjs-defaults' }));
    build.onLoad({ filter: /.*/, namespace: 'commonjs-defaults' }, (args) => {
      const names = Object.keys(require(args.path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      return { contents: `import pkg from ${JSON.stringify(args.path)};\nexport const { ${names.join(', ')} } = pkg;\n`, loader: 'js' };
    });
  },
};

const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The entry points of a package's ES build: `{ '<name>': 'src/<name>.ts' }` from its exports. */
function esmEntries(manifest) {
  const entries = {};
  for (const conditions of Object.values(manifest.exports ?? {})) {
    const target = typeof conditions === 'object' ? conditions.import : undefined;
    const match = typeof target === 'string' ? /^\.\/dist\/esm\/(.+)\.mjs$/.exec(target) : null;
    if (match) entries[match[1]] = `src/${match[1]}.ts`;
  }
  return entries;
}

/** Builds one package's dist/esm from its sources. */
async function buildPackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = esmEntries(manifest);
  const outdir = join(dir, 'dist', 'esm');
  rmSync(outdir, { recursive: true, force: true });
  if (Object.keys(entries).length === 0) return;
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: entries,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    packages: 'external',
    target: 'es2022',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [commonjsDefaults],
  });
}

Promise.all(workspaces.map((workspace) => buildPackage(join(root, workspace)))).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
