'use strict';
const fs = require('fs');
const path = require('path');

/**
 * @typedef {{ slug: string, title: string, source: string, file: string }} Guide
 */

/**
 * The guides in reading order: docs/guides/index.md is the home page (index.html), and
 * each `NN-slug.md` becomes `slug.html`, titled by its first `# ` heading.
 * @param {string} guidesDir
 * @returns {Guide[]}
 */
function readGuides(guidesDir) {
  return fs
    .readdirSync(guidesDir)
    .filter((name) => name.endsWith('.md'))
    .sort((a, b) => (a === 'index.md' ? -1 : b === 'index.md' ? 1 : a.localeCompare(b)))
    .map((name) => {
      const source = fs.readFileSync(path.join(guidesDir, name), 'utf8');
      const heading = /^# (.+)$/m.exec(source);
      if (!heading) throw new Error(`docs/guides/${name} has no "# title" line`);
      const slug = name === 'index.md' ? 'index' : name.replace(/^\d+-/, '').replace(/\.md$/, '');
      return { slug, title: heading[1].trim(), source, file: `${slug}.html` };
    });
}

module.exports = { readGuides };
