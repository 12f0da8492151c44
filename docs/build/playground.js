'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { layout } = require('./layout');
const { mnistSampleJson, SAMPLE, SMALL_SAMPLE } = require('./mnist-sample');
const { escapeXml } = require('../lib/plot/svg');
const { firstFrame } = require('../playground/surface-panel');

/** Where page.html leaves the surface panel's two charts empty. */
const EMPTY_PLOTS = '<div class="plot surface-plot"></div><div class="plot loss-plot"></div>';

/**
 * page.html with the surface panel's first frame drawn into it (docs/playground/surface-panel.js
 * `firstFrame`, run here in Node), so the page shows its surface before any script runs; the
 * panel's script keeps it while its controls match `data-frame`.
 */
function withFirstFrame(page) {
  if (!page.includes(EMPTY_PLOTS)) throw new Error(`docs/playground/page.html: the surface panel's plots are not ${EMPTY_PLOTS}`);
  const frame = firstFrame();
  return page.replace(EMPTY_PLOTS, `<div class="plot surface-plot" data-frame="${escapeXml(frame.key)}" data-steps="${frame.steps}">${frame.surface}</div><div class="plot loss-plot">${frame.loss}</div>`);
}

/**
 * An esbuild plugin providing `descent:mnist-sample` (and the smaller `descent:mnist-sample-small`):
 * the real MNIST digits of the tiny network, as JSON inside the bundle (so the page works from file:// too).
 */
const mnistSamplePlugin = {
  name: 'mnist-sample',
  setup(build) {
    build.onResolve({ filter: /^descent:mnist-sample(-small)?$/ }, (args) => ({ path: args.path, namespace: 'mnist-sample' }));
    build.onLoad({ filter: /.*/, namespace: 'mnist-sample' }, (args) => ({ contents: mnistSampleJson(args.path.endsWith('-small') ? SMALL_SAMPLE : SAMPLE), loader: 'json' }));
  },
};

/**
 * Bundles the playground for the browser with esbuild: playground.js (docs/playground/main.js:
 * the surface and schedule panels, drawn at once), playground-network.js
 * (docs/playground/network-main.js: the network panel's controls and plots, loaded after the
 * first render) and playground-network-worker.js (docs/playground/network-worker.js: the Web
 * Worker that trains the network, with tfjs, brain.js and the real MNIST digits), and writes
 * playground.html around docs/playground/page.html with the surface panel's first frame in it.
 * @param {import('./pages').Guide[]} guides the navigation
 * @param {{ root: string, out: string }} paths
 * @returns {Promise<string[]>} the files written
 */
async function buildPlayground(guides, { root, out }) {
  const dir = path.join(root, 'docs', 'playground');
  await esbuild.build({
    entryPoints: {
      playground: path.join(dir, 'main.js'),
      'playground-network': path.join(dir, 'network-main.js'),
      'playground-network-worker': path.join(dir, 'network-worker.js'),
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outdir: out,
    logLevel: 'error',
    plugins: [mnistSamplePlugin],
  });
  const content = withFirstFrame(fs.readFileSync(path.join(dir, 'page.html'), 'utf8'));
  fs.writeFileSync(path.join(out, 'playground.html'), layout({ title: 'Playground', file: 'playground.html', content, guides, scripts: ['playground.js'], wide: true }));
  return ['playground.html', 'playground.js', 'playground-network.js', 'playground-network-worker.js'];
}

module.exports = { buildPlayground, mnistSamplePlugin };
