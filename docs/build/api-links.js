'use strict';
const fs = require('fs');
const path = require('path');
const { escapeXml } = require('../lib/plot/svg');

/** The folders of TypeDoc's output that hold one page per exported name, in the order a name's meaning is chosen. */
const KINDS = ['functions', 'classes', 'interfaces', 'types', 'variables'];

/**
 * The API page each exported name of the reference in `<siteDir>/api` stands for in a guide.
 * A name with pages of several kinds means the first kind in {@link KINDS} (`adamw` is the
 * tfjs factory, not the core's rule definition); a name with two pages of that kind (one
 * per package) is left out, since a guide's `code` cannot say which it means. TypeDoc names
 * its pages `_descent_<pkg>.<name>.html`.
 * @param {string} siteDir
 * @returns {Map<string, string>} name → page path from the site root
 */
function apiPages(siteDir) {
  const pages = new Map();
  for (const kind of KINDS) {
    const dir = path.join(siteDir, 'api', kind);
    if (!fs.existsSync(dir)) continue;
    const ofKind = new Map();
    for (const file of fs.readdirSync(dir)) {
      const name = /^_descent_[a-z]+(?:_[a-z]+)?\.([A-Za-z_$][\w$]*)\.html$/.exec(file)?.[1];
      if (name) ofKind.set(name, ofKind.has(name) ? null : `api/${kind}/${file}`);
    }
    for (const [name, page] of ofKind) if (!pages.has(name)) pages.set(name, page);
  }
  for (const [name, page] of pages) if (page === null) pages.delete(name);
  return pages;
}

/**
 * Links the inline code spans of a rendered guide that name an export (`adamw`, `adamw()`,
 * `train(net, data, options)`) to its API page — the first mention in each section only, so
 * the page does not turn blue. Code blocks and printed output are left alone.
 * @param {string} html a guide's rendered content
 * @param {Map<string, string>} pages from {@link apiPages}
 * @returns {{ html: string, linked: Set<string> }} the content and the API pages it links
 */
function linkApiNames(html, pages) {
  const linked = new Set();
  const linkedHere = new Set();
  const out = html.replace(/<h2[^>]*>|(?<!<pre[^>]*>)<code>([A-Za-z_$][\w$]*)(\([^<]*\))?<\/code>/g, (match, name, call = '') => {
    if (match.startsWith('<h2')) {
      linkedHere.clear();
      return match;
    }
    const page = pages.get(name);
    if (!page || linkedHere.has(name)) return match;
    linkedHere.add(name);
    linked.add(page);
    return `<a class="api-link" href="${page}"><code>${name}${call}</code></a>`;
  });
  return { html: out, linked };
}

/**
 * Adds "In the guides" to each API page that guides link to: the guides that mention it.
 * @param {string} siteDir
 * @param {Map<string, { file: string, title: string }[]>} mentions API page path → guides
 */
function addGuideBacklinks(siteDir, mentions) {
  for (const [page, guides] of mentions) {
    const file = path.join(siteDir, page);
    const html = fs.readFileSync(file, 'utf8');
    const at = html.indexOf('</div>\n<div class="col-sidebar">');
    if (at < 0) throw new Error(`${page}: TypeDoc's page layout changed (no col-sidebar); the guide links cannot be placed`);
    const items = guides.map((g) => `<li><a href="../../${g.file}">${escapeXml(g.title)}</a></li>`).join('');
    const section = `<section class="tsd-panel guide-links"><h4>In the guides</h4><ul>${items}</ul></section>`;
    fs.writeFileSync(file, html.slice(0, at) + section + html.slice(at));
  }
}

module.exports = { apiPages, linkApiNames, addGuideBacklinks };
