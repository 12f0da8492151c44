'use strict';
const fs = require('fs');
const path = require('path');
const { escapeXml } = require('../lib/plot/svg');
const { highlightScript } = require('./highlight');

/**
 * @typedef {{ root: string, siteDir: string, snippetsDir: string, snippetOutputs: Map<string, string>,
 *   md: import('markdown-it'), guide: string }} IncludeContext
 */

/** `![caption](figures/x.svg)` alone on a line: a numbered figure whose file must have been generated. */
function figure(caption, src, context) {
  if (!fs.existsSync(path.join(context.siteDir, src))) throw new Error(`${context.guide}: figure ${src} was not generated`);
  return `<figure><img src="${escapeXml(src)}" alt="${escapeXml(caption)}"><figcaption>${context.md.renderInline(caption)}</figcaption></figure>`;
}

/**
 * `![caption](figures/x.svg) {live name}`: a live figure (docs/live/name.js, loaded by
 * theme/live.js when it nears the screen) whose static figure stays as the no-script fallback.
 */
function liveFigure(caption, src, name, context) {
  if (!fs.existsSync(path.join(context.root, 'docs', 'live', `${name}.js`))) throw new Error(`${context.guide}: live figure ${name} does not exist`);
  return figure(caption, src, context).replace('<figure><img', `<figure class="live-figure" data-live="${escapeXml(name)}"><div class="live"><img`).replace('><figcaption>', '></div><figcaption>');
}

/** `{{table name}}`: the HTML table a figure script measured and wrote to figures/name.html. */
function table(name, context) {
  const file = path.join(context.siteDir, 'figures', `${name}.html`);
  if (!fs.existsSync(file)) throw new Error(`${context.guide}: table ${name} was not generated`);
  return fs.readFileSync(file, 'utf8');
}

/** `{{snippet dir/file.js}}`: the snippet's source, and what it printed when the build ran it. */
function snippet(name, context) {
  const file = path.join(context.snippetsDir, name);
  if (!fs.existsSync(file)) throw new Error(`${context.guide}: snippet ${name} does not exist`);
  const source = fs.readFileSync(file, 'utf8').replace(/^'use strict';\n+/, '').trimEnd();
  const output = context.snippetOutputs.get(name);
  if (output === undefined) throw new Error(`${context.guide}: snippet ${name} was not run`);
  return [
    `<div class="snippet" data-snippet="${escapeXml(name)}">`,
    `<pre class="code"><code class="language-js">${highlightScript(source)}</code></pre>`,
    `<pre class="output" title="printed when the docs were built"><code>${escapeXml(output.trimEnd())}</code></pre>`,
    '</div>',
  ].join('\n');
}

/** `{{source path}}`: a repository file shown as it is when the site is built (path from the repository root). */
function sourceFile(name, context) {
  const file = path.join(context.root, name);
  if (!fs.existsSync(file)) throw new Error(`${context.guide}: source ${name} does not exist`);
  const language = path.extname(name).slice(1);
  const text = fs.readFileSync(file, 'utf8').trimEnd();
  const body = ['js', 'ts'].includes(language) ? highlightScript(text) : escapeXml(text);
  return `<pre class="code source" title="${escapeXml(name)}"><code class="language-${escapeXml(language)}">${body}</code></pre>`;
}

/**
 * Renders a guide: its include lines (figures, live figures, measured tables, runnable snippets, source files) become
 * HTML comments that Markdown passes through untouched, then are swapped for their HTML.
 * Anything missing fails the build.
 * @param {string} source Markdown
 * @param {IncludeContext} context
 * @returns {string} HTML
 */
function renderGuide(source, context) {
  const fragments = [];
  const hold = (html) => `<!--include:${fragments.push(html) - 1}-->`;
  const marked = source
    .split('\n')
    .map((line) => {
      let match;
      if ((match = /^!\[(.+)\]\((figures\/[\w.-]+\.svg)\)\s*$/.exec(line))) return hold(figure(match[1], match[2], context));
      if ((match = /^!\[(.+)\]\((figures\/[\w.-]+\.svg)\)\s*\{live ([\w-]+)\}\s*$/.exec(line))) return hold(liveFigure(match[1], match[2], match[3], context));
      if ((match = /^\{\{table ([\w-]+)\}\}\s*$/.exec(line))) return hold(table(match[1], context));
      if ((match = /^\{\{snippet ([\w./-]+)\}\}\s*$/.exec(line))) return hold(snippet(match[1], context));
      if ((match = /^\{\{source ([\w./-]+)\}\}\s*$/.exec(line))) return hold(sourceFile(match[1], context));
      return line;
    })
    .join('\n');
  return context.md.render(marked).replace(/<!--include:(\d+)-->/g, (_, i) => fragments[Number(i)]);
}

/** Every snippet a guide includes, in order. */
function snippetsIn(source) {
  return [...source.matchAll(/^\{\{snippet ([\w./-]+)\}\}\s*$/gm)].map((m) => m[1]);
}

module.exports = { renderGuide, snippetsIn };
