'use strict';
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 320;
const MARGIN = { left: 48, right: 12, top: 12, bottom: 32 };

function element(name, attributes, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return parent.appendChild(node);
}

/**
 * A live loss plot in an <svg>: the loss of every step (light) and its exponential moving
 * average (dark), the x axis spanning `totalSteps`, the y axis from 0 to the largest loss
 * seen. `add(loss)` appends a step and redraws; the raw line's `data-count` is the number of
 * points drawn.
 * @param {SVGSVGElement} svg
 * @param {number} totalSteps
 */
function lossPlot(svg, totalSteps) {
  svg.replaceChildren();
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  element('line', { class: 'axis', x1: MARGIN.left, y1: HEIGHT - MARGIN.bottom, x2: WIDTH - MARGIN.right, y2: HEIGHT - MARGIN.bottom }, svg);
  element('line', { class: 'axis', x1: MARGIN.left, y1: MARGIN.top, x2: MARGIN.left, y2: HEIGHT - MARGIN.bottom }, svg);
  element('text', { x: WIDTH - MARGIN.right, y: HEIGHT - 8, 'text-anchor': 'end' }, svg).textContent = `step (of ${totalSteps})`;
  const top = element('text', { x: MARGIN.left - 6, y: MARGIN.top + 10, 'text-anchor': 'end' }, svg);
  element('text', { x: MARGIN.left - 6, y: HEIGHT - MARGIN.bottom, 'text-anchor': 'end' }, svg).textContent = '0';
  element('text', { x: 4, y: HEIGHT / 2 }, svg).textContent = 'loss';
  const raw = element('polyline', { class: 'raw', points: '', 'data-count': 0 }, svg);
  const smooth = element('polyline', { class: 'smooth', points: '' }, svg);
  const losses = [];
  const averages = [];
  let max = 0;

  const points = (values) =>
    values.map((v, i) => `${(MARGIN.left + (plotWidth * i) / Math.max(1, totalSteps - 1)).toFixed(1)},${(MARGIN.top + plotHeight * (1 - v / max)).toFixed(1)}`).join(' ');

  return {
    /** Appends the loss of a step and redraws. */
    add(loss) {
      losses.push(loss);
      averages.push(averages.length === 0 ? loss : 0.9 * averages[averages.length - 1] + 0.1 * loss);
      max = Math.max(max, loss);
      top.textContent = max.toFixed(2);
      raw.setAttribute('points', points(losses));
      raw.setAttribute('data-count', String(losses.length));
      smooth.setAttribute('points', points(averages));
    },
    /** Every loss added so far. */
    losses: () => losses.slice(),
  };
}

module.exports = { lossPlot };
