'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { layout } = require('./layout');
const { mnistSampleJson } = require('./mnist-sample');

/** An esbuild plugin providing `descent:mnist-sample`: the real MNIST digits of the tiny network, as JSON inside the bundle (so the page works from file:// too). */
const mnistSamplePlugin = {
  name: 'mnist-sample',
  setup(build) {
    build.onResolve({ filter: /^descent:mnist-sample$/ }, (args) => ({ path: args.path, namespace: 'mnist-sample' }));
    build.onLoad({ filter: /.*/, namespace: 'mnist-sample' }, () => ({ contents: mnistSampleJson(), loader: 'json' }));
  },
};

/**
 * Bundles the playground (docs/playground/main.js and the packages it imports) for the
 * browser with esbuild, the real MNIST digits its tiny network trains on included, and
 * writes playground.html around docs/playground/page.html.
 * @param {import('./pages').Guide[]} guides the navigation
 * @param {{ root: string, out: string }} paths
 * @returns {Promise<string[]>} the files written
 */
async function buildPlayground(guides, { root, out }) {
  const dir = path.join(root, 'docs', 'playground');
  await esbuild.build({
    entryPoints: [path.join(dir, 'main.js')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outfile: path.join(out, 'playground.js'),
    logLevel: 'error',
    plugins: [mnistSamplePlugin],
  });
  const content = fs.readFileSync(path.join(dir, 'page.html'), 'utf8');
  fs.writeFileSync(path.join(out, 'playground.html'), layout({ title: 'Playground', file: 'playground.html', content, guides, scripts: ['playground.js'], wide: true }));
  return ['playground.html', 'playground.js'];
}

module.exports = { buildPlayground };
