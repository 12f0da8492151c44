'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { mnistSamplePlugin } = require('./playground');

/**
 * Bundles the guides' live figures: each docs/live/<name>.js, with the parts of the packages
 * it imports, becomes <out>/live/<name>.js, loaded by a guide's page (theme/live.js) only
 * when a `figure[data-live=name]` comes near the screen.
 * @param {{ root: string, out: string }} paths
 * @returns {Promise<{ name: string, bytes: number }[]>} each bundle and its size
 */
async function buildLiveFigures({ root, out }) {
  const dir = path.join(root, 'docs', 'live');
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort();
  await esbuild.build({
    entryPoints: Object.fromEntries(names.map((name) => [name, path.join(dir, `${name}.js`)])),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    outdir: path.join(out, 'live'),
    logLevel: 'error',
    plugins: [mnistSamplePlugin],
  });
  return names.map((name) => ({ name, bytes: fs.statSync(path.join(out, 'live', `${name}.js`)).size }));
}

/** The live figures a guide's Markdown names (`![caption](figures/x.svg) {live name}`). */
function liveFiguresIn(source) {
  return [...source.matchAll(/^!\[.+\]\(figures\/[\w.-]+\.svg\)\s*\{live ([\w-]+)\}\s*$/gm)].map((m) => m[1]);
}

module.exports = { buildLiveFigures, liveFiguresIn };
