'use strict';
const fs = require('fs');
const path = require('path');
const { createMarkdown } = require('./markdown');
const { renderGuide } = require('./includes');
const { layout } = require('./layout');

/**
 * Renders every guide to `<siteDir>/<slug>.html` with the site layout; figures and tables
 * must already be in `<siteDir>/figures`, snippet outputs in `snippetOutputs`; `{{source}}`
 * paths are read from `root`.
 * @param {import('./pages').Guide[]} guides
 * @param {{ root: string, siteDir: string, snippetsDir: string, snippetOutputs: Map<string, string> }} context
 * @returns {string[]} the files written
 */
function buildGuides(guides, { root, siteDir, snippetsDir, snippetOutputs }) {
  const md = createMarkdown();
  return guides.map((guide) => {
    const content = renderGuide(guide.source, { root, siteDir, snippetsDir, snippetOutputs, md, guide: `docs/guides/${guide.slug}` });
    fs.writeFileSync(path.join(siteDir, guide.file), layout({ title: guide.title, file: guide.file, content, guides }));
    return guide.file;
  });
}

module.exports = { buildGuides };
