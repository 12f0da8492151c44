'use strict';

/** Text of an HTML fragment: tags dropped, entities of the escaper decoded, whitespace folded. */
function plainText(html) {
  return html
    .replace(/<(script|style|svg|math)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e])
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One guide's search entries: the page itself (its title and the text before the first
 * section) and each `<h2 id>` section with its text, so a hit links to the section.
 * @param {{ file: string, title: string }} guide
 * @param {string} html the guide's rendered content
 * @returns {{ title: string, url: string, text: string }[]}
 */
function guideEntries(guide, html) {
  const parts = html.split(/(?=<h2 id=")/);
  return parts.map((part, i) => {
    const heading = /^<h2 id="([^"]+)">([\s\S]*?)<\/h2>/.exec(part);
    if (i === 0 || !heading) return { title: guide.title, url: guide.file, text: plainText(part).slice(0, 2000) };
    return { title: `${guide.title} › ${plainText(heading[2])}`, url: `${guide.file}#${heading[1]}`, text: plainText(part.slice(heading[0].length)).slice(0, 2000) };
  });
}

/**
 * The site's search index: every guide section and every API page by its exported name.
 * @param {{ guide: { file: string, title: string }, html: string }[]} rendered
 * @param {Map<string, string>} apiPages name → API page (see api-links.js)
 */
function searchIndex(rendered, apiPages) {
  return {
    guides: rendered.flatMap(({ guide, html }) => guideEntries(guide, html)),
    api: [...apiPages].map(([name, url]) => ({ name, url, kind: url.split('/')[1].replace(/s$/, '') })),
  };
}

module.exports = { searchIndex, plainText };
