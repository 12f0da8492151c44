'use strict';
const { element, text, svgDocument, polylinePath } = require('./svg');
const { linearScale, logScale } = require('./scale');
const { drawAxes, drawLegend, legendHeight } = require('./axes');
const { seriesColor } = require('./palette');

/**
 * @typedef {{ label: string, points: [number, number][], color?: string, dash?: string }} Series
 */

const MARGIN = { left: 64, right: 16, top: 30, bottom: 44 };

/**
 * The smallest and largest finite value of one coordinate over every series (positive only on
 * a log axis); [0, 1] (or [1, 10] on a log axis) when there is none, so an empty chart draws
 * empty axes.
 */
function extent(series, index, log) {
  const values = series.flatMap((s) => s.points.map((p) => p[index])).filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (values.length === 0) return log ? [1, 10] : [0, 1];
  return [Math.min(...values), Math.max(...values)];
}

/** Keeps a value within a decade (log) or one span (linear) of the domain, so off-chart points stay finite pixels. */
function clampToView(value, [low, high], log) {
  if (log) return Math.min(Math.max(value, low / 10), high * 10);
  const span = high - low;
  return Math.min(Math.max(value, low - span), high + span);
}

/**
 * A line chart of several series as an SVG document, the legend below the plot (inside
 * the given height).
 * @param {{ title: string, series: Series[], xLabel?: string, yLabel?: string, logY?: boolean,
 *   yDomain?: [number, number], width?: number, height?: number }} chart (the y axis starts at 0 on a linear scale unless `yDomain` is given)
 */
function lineChart({ title, series, xLabel, yLabel, logY = false, yDomain, width = 640, height = 320 }) {
  const entries = series.map((s, i) => ({ label: s.label, color: s.color ?? seriesColor(i), dash: s.dash }));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const legendSpace = legendHeight(entries, plotWidth);
  const area = { left: MARGIN.left, top: MARGIN.top, width: plotWidth, height: height - MARGIN.top - MARGIN.bottom - legendSpace };
  const x = linearScale(extent(series, 0, false), [area.left, area.left + area.width]);
  const [low, high] = extent(series, 1, logY);
  const domain = yDomain ?? (logY ? [low, high] : [Math.min(0, low), high]);
  const y = (logY ? logScale : linearScale)(domain, [area.top + area.height, area.top]);
  const clip = `clip-${title.replace(/[^a-z0-9]/gi, '').slice(0, 24)}`;
  const lines = series.map((s, i) => {
    const kept = s.points.filter(([, v]) => Number.isFinite(v) && (!logY || v > 0));
    const d = polylinePath(kept.map(([a, b]) => [x(a), y(clampToView(b, y.domain, logY))]));
    return element('path', { d, fill: 'none', stroke: s.color ?? seriesColor(i), 'stroke-width': 2, 'stroke-dasharray': s.dash, 'data-series': s.label });
  });
  return svgDocument(
    { width, height, title },
    text(title, { x: width / 2, y: 18, 'text-anchor': 'middle', 'font-weight': 600 }),
    drawAxes(area, { x, y, xLabel, yLabel }),
    element('clipPath', { id: clip }, element('rect', { x: area.left, y: area.top, width: area.width, height: area.height })),
    element('g', { 'clip-path': `url(#${clip})` }, lines),
    drawLegend({ left: area.left, top: height - legendSpace - 4, width: plotWidth }, entries),
  );
}

module.exports = { lineChart };
