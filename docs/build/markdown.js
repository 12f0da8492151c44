'use strict';
const MarkdownIt = require('markdown-it');
const { mathPlugin } = require('./markdown-math');

/**
 * The guides' Markdown renderer: CommonMark with tables, raw HTML (for the generated
 * tables and figures), typographic quotes, and TeX math rendered to MathML.
 * @returns {import('markdown-it')}
 */
function createMarkdown() {
  const md = new MarkdownIt({ html: true, typographer: true, linkify: false });
  md.use(mathPlugin);
  return md;
}

module.exports = { createMarkdown };
