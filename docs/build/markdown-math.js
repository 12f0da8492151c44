'use strict';
const katex = require('katex');

/** Renders TeX to MathML (no fonts or stylesheet needed; browsers draw MathML natively). */
function toMathMl(tex, displayMode) {
  return katex.renderToString(tex, { displayMode, output: 'mathml', throwOnError: true, strict: 'error' });
}

/**
 * A markdown-it plugin for TeX math: `$…$` inline and a paragraph of `$$ … $$` lines as a
 * display block, rendered to MathML at build time. A TeX error fails the build.
 * @param {import('markdown-it')} md
 */
function mathPlugin(md) {
  md.inline.ruler.after('escape', 'math_inline', (state, silent) => {
    if (state.src[state.pos] !== '$' || state.src[state.pos + 1] === '$') return false;
    const end = state.src.indexOf('$', state.pos + 1);
    if (end < 0 || end === state.pos + 1) return false;
    if (!silent) state.push('math_inline', 'math', 0).content = state.src.slice(state.pos + 1, end);
    state.pos = end + 1;
    return true;
  });
  md.block.ruler.before('fence', 'math_block', (state, startLine, endLine, silent) => {
    const lineText = (line) => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
    if (lineText(startLine).trim() !== '$$') return false;
    let last = startLine + 1;
    while (last < endLine && lineText(last).trim() !== '$$') last++;
    if (last >= endLine) return false;
    if (!silent) {
      const token = state.push('math_block', 'math', 0);
      token.content = Array.from({ length: last - startLine - 1 }, (_, i) => lineText(startLine + 1 + i)).join('\n');
      token.map = [startLine, last + 1];
    }
    state.line = last + 1;
    return true;
  });
  md.renderer.rules.math_inline = (tokens, i) => toMathMl(tokens[i].content, false);
  md.renderer.rules.math_block = (tokens, i) => `<div class="math">${toMathMl(tokens[i].content, true)}</div>\n`;
}

module.exports = { mathPlugin };
