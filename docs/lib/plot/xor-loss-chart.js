'use strict';
const { lineChart } = require('./line-chart');
const { seriesColor } = require('./palette');

/** "adam, lr 0.05, cosine": a run of `xorLosses` (docs/lib/xor-tfjs.js) by its settings. */
function xorRunLabel({ rule, learningRate, cosine }) {
  return `${rule}, lr ${learningRate}${cosine ? ', cosine' : ''}`;
}

/**
 * The loss per epoch of runs of `xorLosses`: each `{ settings, losses, dash? }`.
 * @param {{ settings: { rule: string, learningRate: number, cosine: boolean }, losses: number[], dash?: string, label?: string }[]} runs
 * @param {{ width?: number, height?: number }} [size]
 */
function xorLossChart(runs, size = {}) {
  return lineChart({
    title: 'XOR in tfjs, 2–8–1 net: binary cross-entropy per epoch',
    series: runs.map((run, i) => ({
      label: run.label ?? xorRunLabel(run.settings),
      color: seriesColor(i),
      dash: run.dash,
      points: run.losses.map((loss, k) => [k + 1, Math.max(loss, 1e-12)]),
    })),
    xLabel: 'epoch',
    logY: true,
    ...size,
  });
}

module.exports = { xorLossChart, xorRunLabel };
