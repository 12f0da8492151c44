'use strict';
const { element, text, px } = require('./svg');
const { formatTick } = require('./scale');

/**
 * The frame, grid lines, tick labels and axis titles of a plot area.
 * @param {{ left: number, top: number, width: number, height: number }} area the plot area in pixels
 * @param {{ x: import('./scale').Scale, y: import('./scale').Scale, xLabel?: string, yLabel?: string, grid?: boolean }} axes
 */
function drawAxes(area, { x, y, xLabel, yLabel, grid = true }) {
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  const parts = [];
  for (const t of x.ticks(6)) {
    const at = px(x(t));
    if (grid) parts.push(element('line', { x1: at, x2: at, y1: area.top, y2: bottom, stroke: '#e5e5e5' }));
    parts.push(text(formatTick(t), { x: at, y: bottom + 15, 'text-anchor': 'middle', fill: '#444' }));
  }
  for (const t of y.ticks(5)) {
    const at = px(y(t));
    if (grid) parts.push(element('line', { x1: area.left, x2: right, y1: at, y2: at, stroke: '#e5e5e5' }));
    parts.push(text(formatTick(t), { x: area.left - 6, y: at + 4, 'text-anchor': 'end', fill: '#444' }));
  }
  parts.push(element('rect', { x: area.left, y: area.top, width: area.width, height: area.height, fill: 'none', stroke: '#888' }));
  if (xLabel) parts.push(text(xLabel, { x: area.left + area.width / 2, y: bottom + 32, 'text-anchor': 'middle', fill: '#222' }));
  if (yLabel) {
    const cx = area.left - 44;
    const cy = area.top + area.height / 2;
    parts.push(text(yLabel, { x: cx, y: cy, 'text-anchor': 'middle', transform: `rotate(-90 ${cx} ${cy})`, fill: '#222' }));
  }
  return element('g', { class: 'axes' }, parts);
}

/**
 * A legend: one coloured line and label per series, in rows at the top right of the area.
 * @param {{ left: number, top: number, width: number }} area
 * @param {{ label: string, color: string, dash?: string }[]} entries
 */
function drawLegend(area, entries) {
  const rowHeight = 16;
  const width = 26 + Math.max(...entries.map((e) => e.label.length)) * 6.6;
  const left = area.left + area.width - width - 8;
  const rows = entries.map((entry, i) => {
    const y = area.top + 14 + i * rowHeight;
    return element(
      'g',
      {},
      element('line', { x1: left + 6, x2: left + 22, y1: y - 4, y2: y - 4, stroke: entry.color, 'stroke-width': 2.5, 'stroke-dasharray': entry.dash }),
      text(entry.label, { x: left + 26, y, fill: '#222' }),
    );
  });
  const box = element('rect', { x: left, y: area.top + 2, width, height: entries.length * rowHeight + 6, fill: '#fff', 'fill-opacity': 0.85, stroke: '#ccc', rx: 3 });
  return element('g', { class: 'legend' }, box, rows);
}

module.exports = { drawAxes, drawLegend };
