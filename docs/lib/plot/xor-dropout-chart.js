'use strict';
const { lineChart } = require('./line-chart');
const { seriesColor } = require('./palette');

/**
 * The chart of a run of `xorWithDropout` (docs/lib/xor-dropout.js): the error the trainer
 * reports, at inference, the error with units dropped, and the threshold.
 * @param {{ rate: number, errorThresh: number, optimizer?: { type: string, learningRate: number } }} settings
 * @param {ReturnType<typeof import('../xor-dropout').xorWithDropout>} run
 * @param {{ width?: number, height?: number }} [size]
 */
function xorDropoutChart({ rate, errorThresh, optimizer }, run, size = {}) {
  const rule = optimizer ? `${optimizer.type}, lr ${optimizer.learningRate}` : 'brain.js\'s rule';
  const ending = run.error <= errorThresh ? `errorThresh ${errorThresh} reached after ${run.iterations} epochs` : `error ${run.error.toPrecision(3)} after ${run.iterations} epochs`;
  const series = [{ label: 'error at inference (what errorThresh sees)', points: run.inference, color: seriesColor(0) }];
  if (rate > 0) series.push({ label: 'error with units dropped', points: run.dropped, color: seriesColor(1), dash: '5 4' });
  series.push({ label: `errorThresh ${errorThresh}`, points: [[0, errorThresh], [run.iterations, errorThresh]], color: '#888', dash: '2 3' });
  return lineChart({
    title: `XOR 2–8–1, ${rule}, dropout ${rate}: ${ending}`,
    series,
    xLabel: 'epoch',
    yLabel: 'mean squared error',
    logY: true,
    ...size,
  });
}

module.exports = { xorDropoutChart };
