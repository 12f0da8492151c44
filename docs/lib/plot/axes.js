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

const ROW_HEIGHT = 18;

/** The width a legend entry takes: its line sample and its label, estimated from the label's length. */
function entryWidth(entry) {
  return 46 + entry.label.length * 7;
}

/** Lays legend entries out in rows that fit `width`; returns each entry's [x, row]. */
function legendRows(entries, width) {
  let x = 0;
  let row = 0;
  return entries.map((entry) => {
    if (x > 0 && x + entryWidth(entry) > width) [x, row] = [0, row + 1];
    const at = [x, row];
    x += entryWidth(entry);
    return at;
  });
}

/** The height a legend below a plot of `width` needs. */
function legendHeight(entries, width) {
  return entries.length === 0 ? 0 : (Math.max(...legendRows(entries, width).map(([, row]) => row)) + 1) * ROW_HEIGHT;
}

/**
 * A legend below a plot: one coloured line and label per series, in as many rows as the
 * width needs, starting at (left, top).
 * @param {{ left: number, top: number, width: number }} box
 * @param {{ label: string, color: string, dash?: string }[]} entries
 */
function drawLegend(box, entries) {
  const rows = legendRows(entries, box.width);
  return element('g', { class: 'legend' }, entries.map((entry, i) => {
    const x = box.left + rows[i][0];
    const y = box.top + rows[i][1] * ROW_HEIGHT + 12;
    return element(
      'g',
      {},
      element('line', { x1: x, x2: x + 22, y1: y - 4, y2: y - 4, stroke: entry.color, 'stroke-width': 2.5, 'stroke-dasharray': entry.dash }),
      text(entry.label, { x: x + 27, y, fill: '#222' }),
    );
  }));
}

module.exports = { drawAxes, drawLegend, legendHeight };
