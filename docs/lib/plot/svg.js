'use strict';

/** Escapes text for XML content and attribute values. */
function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * One SVG element as a string: attributes with null/undefined values are left out,
 * children are strings already rendered (or arrays of them).
 * @param {string} name
 * @param {Record<string, string | number | null | undefined>} attributes
 * @param {...(string | string[])} children
 */
function element(name, attributes = {}, ...children) {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const body = children.flat().join('');
  return body === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`;
}

/** A text element (content escaped). */
function text(content, attributes) {
  return element('text', attributes, escapeXml(content));
}

/** A whole SVG document of the given size, with an accessible title. */
function svgDocument({ width, height, title }, ...children) {
  return element(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'font-family': 'system-ui, sans-serif', 'font-size': 12 },
    element('title', {}, escapeXml(title)),
    element('rect', { width, height, fill: '#fff' }),
    ...children,
  );
}

/** Formats a pixel coordinate with at most one decimal. */
function px(value) {
  return Math.round(value * 10) / 10;
}

/** An SVG path `d` through the points (already in pixels): M x,y L x,y … */
function polylinePath(points) {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)},${px(y)}`).join(' ');
}

module.exports = { escapeXml, element, text, svgDocument, px, polylinePath };
