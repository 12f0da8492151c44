'use strict';
/**
 * `npm run docs`: builds the site into docs/site (or `--out DIR`): TypeDoc's API
 * reference, the figures and measured tables (docs/figures/*.js), the guides with their
 * snippets run, the playground bundle and the guides' live-figure bundles. Figure scripts, snippets and TypeDoc run as
 * child processes, two at a time. Expects the packages built (`npm run build`).
 */
const fs = require('fs');
const path = require('path');
const { buildApi } = require('./api');
const { figureTasks, snippetTasks } = require('./figures');
const { readGuides } = require('./pages');
const { buildGuides } = require('./guides');
const { buildPlayground } = require('./playground');
const { buildLiveFigures } = require('./live');
const { snippetsIn } = require('./includes');
const { runPool } = require('./processes');

const root = path.resolve(__dirname, '..', '..');

/** The output folder: `--out DIR`, else docs/site. */
function outputFolder(argv) {
  const at = argv.indexOf('--out');
  return path.resolve(at >= 0 ? argv[at + 1] : path.join(root, 'docs', 'site'));
}

/** Seconds since `start`, for the log. */
function seconds(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

async function main() {
  const started = Date.now();
  const out = outputFolder(process.argv);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'figures'), { recursive: true });
  const guides = readGuides(path.join(root, 'docs', 'guides'));
  const snippets = [...new Set(guides.flatMap((g) => snippetsIn(g.source)))];

  const timed = (label, task) => async () => {
    const start = Date.now();
    const result = await task();
    console.log(`  ${label} (${seconds(start)})`);
    return result;
  };
  const figures = figureTasks({ root, out });
  const runs = snippetTasks(snippets, { root });
  const results = await runPool(
    [
      timed('API reference', () => buildApi({ root, out })),
      ...figures.map((task, i) => timed(`figures ${i + 1}/${figures.length}`, task)),
      ...runs.map((task, i) => timed(`snippet ${snippets[i]}`, task)),
    ],
    2,
  );
  const [api, ...rest] = results;
  const figureResults = rest.slice(0, figures.length);
  const snippetOutputs = new Map(rest.slice(figures.length));

  const pages = buildGuides(guides, { root, siteDir: out, snippetsDir: path.join(root, 'docs', 'snippets'), snippetOutputs });
  pages.push(...(await buildPlayground(guides, { root, out })).filter((f) => f.endsWith('.html')));
  const live = await buildLiveFigures({ root, out });
  for (const file of ['style.css', 'favicon.svg', 'copy-code.js', 'search.js', 'live.js']) fs.copyFileSync(path.join(root, 'docs', 'theme', file), path.join(out, file));
  fs.writeFileSync(path.join(out, 'pages.json'), JSON.stringify({ pages, api: 'api/index.html' }, null, 2));

  const figureCount = figureResults.reduce((n, r) => n + r.files.length, 0);
  console.log(`docs: ${pages.length} pages, ${figureCount} figures and tables, ${snippets.length} snippets run and the API reference, in ${seconds(started)} → ${path.relative(root, out)}/index.html`);
  console.log(`  live figures: ${live.map(({ name, bytes }) => `${name} ${Math.round(bytes / 1024)} kB`).join(', ')}`);
  if (api.missing.length > 0) console.log(`  not in the API reference (no sources yet): ${api.missing.join(', ')}`);
  for (const warning of api.warnings) console.log(`  typedoc ${warning}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
