'use strict';
const { lineChart } = require('./line-chart');
const { seriesColor } = require('./palette');
const { METHODS } = require('../transfer');

/**
 * Test accuracy per epoch of the small transfer comparison (docs/lib/transfer-sample.js):
 * one curve per method; fine-tuning continues the first-layer head after its epochs.
 * @param {Record<string, [number, number][]>} curves
 * @param {{ perClass: number, testDigits: number }} about
 * @param {{ width?: number, height?: number }} [size]
 */
function transferChart(curves, { perClass, testDigits }, size = {}) {
  return lineChart({
    title: `${perClass} digits of each of 5–9 to learn from: accuracy on ${testDigits} other digits 5–9`,
    series: METHODS.map(({ key, label }, i) => ({ label, color: seriesColor(i), points: curves[key] })).filter((s) => s.points.length > 0),
    xLabel: 'epoch on the new digits',
    yLabel: 'test accuracy',
    yDomain: [0, 1],
    ...size,
  });
}

module.exports = { transferChart };
