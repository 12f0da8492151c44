'use strict';
const fs = require('fs');
const path = require('path');
const { createMarkdown } = require('./markdown');
const { renderGuide } = require('./includes');
const { layout } = require('./layout');
const { apiPages, linkApiNames, addGuideBacklinks } = require('./api-links');
const { searchIndex } = require('./search-index');
const { liveFiguresIn } = require('./live');

/**
 * Renders every guide to `<siteDir>/<slug>.html` with the site layout; figures and tables
 * must already be in `<siteDir>/figures`, snippet outputs in `snippetOutputs`; `{{source}}`
 * paths are read from `root`. Inline code naming an export links to its API page, and that
 * page lists the guides that mention it (the API reference must be built first); the
 * site's search index (search-index.json: guide sections and API names) is written too.
 * Pages with live figures load theme/live.js, which fetches their bundles lazily.
 * @param {import('./pages').Guide[]} guides
 * @param {{ root: string, siteDir: string, snippetsDir: string, snippetOutputs: Map<string, string> }} context
 * @returns {string[]} the files written
 */
function buildGuides(guides, { root, siteDir, snippetsDir, snippetOutputs }) {
  const md = createMarkdown();
  const pages = apiPages(siteDir);
  const mentions = new Map();
  const renderedGuides = [];
  const files = guides.map((guide) => {
    const rendered = renderGuide(guide.source, { root, siteDir, snippetsDir, snippetOutputs, md, guide: `docs/guides/${guide.slug}` });
    const { html: content, linked } = linkApiNames(rendered, pages);
    for (const page of linked) mentions.set(page, [...(mentions.get(page) ?? []), guide]);
    renderedGuides.push({ guide, html: content });
    const scripts = liveFiguresIn(guide.source).length > 0 ? ['live.js'] : [];
    fs.writeFileSync(path.join(siteDir, guide.file), layout({ title: guide.title, file: guide.file, content, guides, scripts }));
    return guide.file;
  });
  addGuideBacklinks(siteDir, mentions);
  fs.writeFileSync(path.join(siteDir, 'search-index.json'), JSON.stringify(searchIndex(renderedGuides, pages)));
  return files;
}

module.exports = { buildGuides };
