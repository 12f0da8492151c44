'use strict';
const MarkdownIt = require('markdown-it');
const { mathPlugin } = require('./markdown-math');
const { highlightScript } = require('./highlight');

/** Code-block languages the highlighter marks up; other blocks stay plain. */
const SCRIPT_LANGUAGES = new Set(['js', 'javascript', 'ts', 'typescript']);

/** A heading's anchor: its text in lower case, words joined by hyphens ("Noisy gradients" → "noisy-gradients"). */
function slugify(text) {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
}

/** A markdown-it plugin giving every heading an id, so guides can link to sections. */
function headingIds(md) {
  md.core.ruler.push('heading_ids', (state) => {
    state.tokens.forEach((token, i) => {
      if (token.type === 'heading_open') token.attrSet('id', slugify(state.tokens[i + 1].content));
    });
  });
}

/**
 * The guides' Markdown renderer: CommonMark with tables, raw HTML (for the generated
 * tables and figures), typographic quotes, heading ids, TeX math rendered to MathML, and
 * JavaScript/TypeScript code blocks highlighted.
 * @returns {import('markdown-it')}
 */
function createMarkdown() {
  const md = new MarkdownIt({ html: true, typographer: true, linkify: false, highlight: (code, language) => (SCRIPT_LANGUAGES.has(language) ? highlightScript(code) : '') });
  md.use(mathPlugin).use(headingIds);
  return md;
}

module.exports = { createMarkdown };
