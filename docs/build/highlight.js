'use strict';
const { escapeXml } = require('../lib/plot/svg');

/** The token classes the highlighter marks, in the order the pattern tries them. */
const TOKENS = [
  ['comment', String.raw`\/\/[^\n]*|\/\*[\s\S]*?\*\/`],
  ['string', String.raw`'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|` + '`(?:\\\\.|[^`\\\\])*`'],
  ['number', String.raw`\b(?:0x[\da-f]+|\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)\b`],
  ['keyword', String.raw`\b(?:async|await|break|case|catch|class|const|continue|default|else|export|extends|for|from|function|if|import|in|instanceof|interface|let|new|of|return|switch|throw|try|type|typeof|var|while|yield)\b`],
  ['literal', String.raw`\b(?:true|false|null|undefined|this)\b`],
];
const PATTERN = new RegExp(TOKENS.map(([, source]) => `(${source})`).join('|'), 'gi');

/**
 * JavaScript or TypeScript source as escaped HTML with `<span class="tok-…">` around comments,
 * strings, numbers, keywords and literals, for the docs' code blocks (no script in the page).
 * Regular-expression literals are not recognised and stay plain text.
 * @param {string} source
 * @returns {string}
 */
function highlightScript(source) {
  let html = '';
  let last = 0;
  for (const match of source.matchAll(PATTERN)) {
    const kind = TOKENS[match.slice(1).findIndex((group) => group !== undefined)][0];
    html += escapeXml(source.slice(last, match.index)) + `<span class="tok-${kind}">${escapeXml(match[0])}</span>`;
    last = match.index + match[0].length;
  }
  return html + escapeXml(source.slice(last));
}

module.exports = { highlightScript };
