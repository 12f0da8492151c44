'use strict';
const { element, text, svgDocument, px, polylinePath } = require('./svg');
const { linearScale } = require('./scale');
const { drawAxes, drawLegend, legendHeight } = require('./axes');
const { sampleGrid, contourSegments } = require('./contours');
const { seriesColor } = require('./palette');

const MARGIN = { left: 52, right: 12, top: 30, bottom: 40 };

/** The contour lines of a surface as SVG paths, darker for lower levels. */
function drawContours(surface, x, y, resolution) {
  const { view } = surface;
  const gradient = new Float64Array(2);
  const point = new Float64Array(2);
  const grid = sampleGrid((a, b) => ((point[0] = a), (point[1] = b), surface.objective.evaluate(point, gradient)), view, resolution, resolution);
  return surface.levels.map((level, i) => {
    const d = contourSegments(grid, level)
      .map(([x1, y1, x2, y2]) => `M${px(x(x1))},${px(y(y1))}L${px(x(x2))},${px(y(y2))}`)
      .join('');
    const shade = Math.round(120 + (110 * i) / Math.max(1, surface.levels.length - 1));
    return element('path', { d: d || null, fill: 'none', stroke: `rgb(${shade},${shade},${Math.min(255, shade + 30)})`, 'stroke-width': 1, 'data-level': level });
  });
}

/** Keeps a point within twice the view so a diverging run still gives finite pixels. */
function clampToView([a, b], view) {
  const clamp = (v, [lo, hi]) => Math.min(Math.max(v, lo - (hi - lo)), hi + (hi - lo));
  return [clamp(a, view.x), clamp(b, view.y)];
}

/**
 * A loss surface's contours with optimizer trajectories drawn over it, as an SVG
 * document, the legend below. Each trajectory's path carries `data-series` (its label) and
 * `data-end` (its last point, in surface coordinates).
 * @param {{ title?: string, surface: import('../surfaces').Surface,
 *   trajectories: { label: string, path: [number, number][], color?: string, dash?: string }[],
 *   width?: number, height?: number, resolution?: number }} chart
 */
function contourChart({ title, surface, trajectories, width = 480, height = 380, resolution = 120 }) {
  const entries = trajectories.map((t, i) => ({ label: t.label, color: t.color ?? seriesColor(i), dash: t.dash }));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const legendSpace = legendHeight(entries, plotWidth);
  const area = { left: MARGIN.left, top: MARGIN.top, width: plotWidth, height: height - MARGIN.top - MARGIN.bottom - legendSpace };
  const x = linearScale(surface.view.x, [area.left, area.left + area.width]);
  const y = linearScale(surface.view.y, [area.top + area.height, area.top]);
  const clip = `clip-${surface.id}-${Math.abs(hash(title ?? surface.title + trajectories.map((t) => t.label).join()))}`;
  const paths = trajectories.map((t, i) => {
    const color = t.color ?? seriesColor(i);
    const pixels = t.path.map((p) => clampToView(p, surface.view)).map(([a, b]) => [x(a), y(b)]);
    const [endX, endY] = pixels[pixels.length - 1];
    const last = t.path[t.path.length - 1];
    return element(
      'g',
      { class: 'trajectory' },
      element('path', { d: polylinePath(pixels), fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': t.dash, 'stroke-linejoin': 'round', 'data-series': t.label, 'data-end': last.map((v) => Number(v.toPrecision(6))).join(',') }),
      element('circle', { cx: px(endX), cy: px(endY), r: 3.5, fill: color }),
    );
  });
  const [startX, startY] = [x(surface.start[0]), y(surface.start[1])];
  const [minX, minY] = [x(surface.minimum[0]), y(surface.minimum[1])];
  return svgDocument(
    { width, height, title: title ?? surface.title },
    text(title ?? surface.title, { x: width / 2, y: 18, 'text-anchor': 'middle', 'font-weight': 600 }),
    element('clipPath', { id: clip }, element('rect', { x: area.left, y: area.top, width: area.width, height: area.height })),
    element('g', { 'clip-path': `url(#${clip})` }, drawContours(surface, x, y, resolution), paths,
      element('circle', { cx: px(startX), cy: px(startY), r: 4, fill: 'none', stroke: '#222', 'stroke-width': 1.5 }),
      text('★', { x: px(minX), y: px(minY + 5), 'text-anchor': 'middle', 'font-size': 16, fill: '#222' })),
    drawAxes(area, { x, y, xLabel: 'x', yLabel: 'y', grid: false }),
    drawLegend({ left: area.left, top: height - legendSpace - 4, width: plotWidth }, entries),
  );
}

/** A small string hash, so several charts in one page get distinct clip-path ids. */
function hash(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

module.exports = { contourChart };
