'use strict';
const { lineChart } = require('./line-chart');
const { seriesColor } = require('./palette');

/** A weight gap as the chart says it: 0 when the runs are bit-identical. */
const gapText = (gap) => (gap === 0 ? '0' : gap.toExponential(1));

/**
 * The chart of `tfTrainRuns` (docs/lib/tf-train-runs.js): loss above the least-squares
 * minimum per step for tf.train's factory, descent's `train` factory (dashed, on top of it)
 * and descent's own factory at the same learning rate.
 * @param {{ factory: string, learningRate: number }} settings
 * @param {ReturnType<typeof import('../tf-train-runs').tfTrainRuns>} runs
 * @param {number} floor the problem's smallest loss
 * @param {{ width?: number, height?: number }} [size]
 */
function tfTrainChart({ factory, learningRate }, runs, floor, size = {}) {
  const points = (losses) => losses.map((l, k) => [k, Math.max(l - floor, 1e-12)]);
  const own = factory === 'momentum' ? `sgd({ learningRate: ${learningRate}, momentum: 0.9 })` : `${factory}({ learningRate: ${learningRate} })`;
  return lineChart({
    title: `least squares: largest weight gap to tf.train ${gapText(runs.gap.train)} (train), ${gapText(runs.gap.own)} (own)`,
    series: [
      { label: `tf.train.${factory}(${learningRate})`, points: points(runs.losses.tfTrain), color: seriesColor(0) },
      { label: `train.${factory}(${learningRate}), descent`, points: points(runs.losses.train), color: seriesColor(1), dash: '6 4' },
      { label: `${own}, descent's own`, points: points(runs.losses.own), color: seriesColor(2), dash: '2 3' },
    ],
    xLabel: 'step',
    yLabel: 'loss − least-squares minimum',
    logY: true,
    ...size,
  });
}

module.exports = { tfTrainChart, gapText };
