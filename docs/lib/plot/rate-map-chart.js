'use strict';
const { element, text, svgDocument, px } = require('./svg');
const { linearScale } = require('./scale');
const { drawAxes } = require('./axes');

const MARGIN = { left: 56, right: 12, top: 30, bottom: 80 };

/** The hue of each region; lightness follows the rate (darker converges faster). */
const REGION_COLORS = { monotone: [0, 114, 178], ripple: [213, 94, 0] };
const DIVERGENT = '#d9d9d9';

/** A cell's fill: the region's colour, blended toward white as the rate approaches 1. */
function cellColor({ rate, region }) {
  if (region === 'divergent') return DIVERGENT;
  const toWhite = Math.min(1, Math.max(0, rate)) ** 4;
  const [r, g, b] = REGION_COLORS[region].map((c) => Math.round(c + (255 - c) * toWhite));
  return `rgb(${r},${g},${b})`;
}

/**
 * The convergence-rate map of docs/lib/rate-map.js as an SVG document: one rectangle per
 * (α, ρ) cell coloured by region (blue monotone, orange ripple, grey divergent) and rate,
 * the chosen (α, ρ) marked, a legend below. Each cell carries `data-region`, `data-rate`, `data-alpha` and `data-rho`.
 * @param {{ title: string, cells: import('../rate-map').RateCell[][], maxLearningRate: number, maxMomentum: number,
 *   marker?: { learningRate: number, momentum: number }, width?: number, height?: number }} chart
 */
function rateMapChart({ title, cells, maxLearningRate, maxMomentum, marker, width = 420, height = 400 }) {
  const area = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom };
  const x = linearScale([0, maxLearningRate], [area.left, area.left + area.width]);
  const y = linearScale([0, maxMomentum], [area.top + area.height, area.top]);
  const rows = cells.length;
  const columns = cells[0]?.length ?? 0;
  const cellWidth = area.width / Math.max(1, columns);
  const cellHeight = area.height / Math.max(1, rows);
  const rects = cells.flatMap((row, r) => row.map((cell, c) => element('rect', {
    x: px(area.left + c * cellWidth), y: px(area.top + area.height - (r + 1) * cellHeight), width: px(cellWidth + 0.5), height: px(cellHeight + 0.5),
    fill: cellColor(cell), 'data-region': cell.region, 'data-rate': Number.isFinite(cell.rate) ? cell.rate.toFixed(3) : 'inf',
    'data-alpha': Number(cell.learningRate.toPrecision(4)), 'data-rho': Number(cell.momentum.toPrecision(4)),
  })));
  const legendY = height - 26;
  const legend = [['monotone', 'rgb(0,114,178)'], ['ripple', 'rgb(213,94,0)'], ['divergent', DIVERGENT]].map(([label, fill], i) => element('g', {},
    element('rect', { x: area.left + i * 110, y: legendY - 10, width: 14, height: 12, fill, stroke: '#888' }),
    text(label, { x: area.left + i * 110 + 19, y: legendY, fill: '#222' })));
  const mark = marker ? element('circle', { class: 'marker', cx: px(x(marker.learningRate)), cy: px(y(marker.momentum)), r: 5, fill: '#fff', stroke: '#000', 'stroke-width': 2 }) : '';
  return svgDocument(
    { width, height, title },
    text(title, { x: width / 2, y: 18, 'text-anchor': 'middle', 'font-weight': 600 }),
    element('g', { class: 'cells' }, rects),
    drawAxes(area, { x, y, xLabel: 'learning rate α', yLabel: 'momentum ρ', grid: false }),
    mark,
    text('paler: slower (rate per step → 1)', { x: area.left, y: height - 6, fill: '#555', 'font-size': 11 }),
    legend,
  );
}

module.exports = { rateMapChart };
