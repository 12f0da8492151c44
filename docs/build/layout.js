'use strict';
const { escapeXml } = require('../lib/plot/svg');

/**
 * @typedef {{ file: string, title: string }} NavEntry
 */

/** The sidebar: the overview, the guides in order, then the playground and the API reference; the current page marked. */
function sidebar(guides, current) {
  const link = ({ file, title }) => `<li><a href="${file}"${file === current ? ' aria-current="page"' : ''}>${escapeXml(title)}</a></li>`;
  return [
    '<nav class="sidebar" aria-label="Guides">',
    `<ul class="tools">${link({ file: 'index.html', title: 'Overview' })}</ul>`,
    `<ol class="guides">${guides.filter((g) => g.file !== 'index.html').map(link).join('')}</ol>`,
    `<ul class="tools">${link({ file: 'playground.html', title: 'Playground' })}${link({ file: 'api/index.html', title: 'API reference' })}</ul>`,
    '</nav>',
  ].join('\n');
}

/** Previous / next links at the foot of a guide. */
function pager(guides, current) {
  const index = guides.findIndex((g) => g.file === current);
  if (index < 0) return '';
  const previous = guides[index - 1];
  const next = guides[index + 1];
  return [
    '<nav class="pager" aria-label="Previous and next guide">',
    previous ? `<a rel="prev" href="${previous.file}">← ${escapeXml(previous.title)}</a>` : '<span></span>',
    next ? `<a rel="next" href="${next.file}">${escapeXml(next.title)} →</a>` : '<span></span>',
    '</nav>',
  ].join('\n');
}

/**
 * A whole page of the site: header with the search, sidebar of every guide (a "Menu" toggle on narrow
 * screens, without script), the content, and scripts.
 * @param {{ title: string, file: string, content: string, guides: NavEntry[], scripts?: string[], wide?: boolean }} page
 */
function layout({ title, file, content, guides, scripts = [], wide = false }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)} · descent</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="style.css">
</head>
<body>
<header class="top"><a class="brand" href="index.html">descent</a><span class="tagline">Training neural networks, part 2 — for tfjs and brain.js</span>
<form class="search" role="search"><input type="search" name="q" placeholder="Search guides and API" aria-label="Search guides and API" autocomplete="off"><ol class="search-results" hidden></ol></form></header>
<div class="layout${wide ? ' wide' : ''}">
<input type="checkbox" id="menu-toggle" class="menu-toggle" aria-hidden="true">
<label for="menu-toggle" class="menu-button">Menu</label>
${sidebar(guides, file)}
<main>
${content}
${pager(guides, file)}
</main>
</div>
${['copy-code.js', 'search.js', ...scripts].map((src) => `<script src="${src}"></script>`).join('\n')}
</body>
</html>
`;
}

module.exports = { layout };
