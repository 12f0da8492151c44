'use strict';
const { lineChart } = require('../../../docs/lib/plot/line-chart');
const { APPROACHES, MODEL, runGrid, gridEpochs, summarize, judge, pct } = require('../../transfer-zoo/grid');

/** Slide: transfer learning with CNNs — the three regimes by dataset size, from a model of the zoo. */
module.exports = {
  id: 'transfer-zoo',
  title: 'Transfer from the model zoo: the three regimes',
  lecture: 'Take a pretrained CNN from a model zoo. Very little data: freeze it and train a new last layer. More data: fine-tune more layers, at about 1/10 of the original learning rate on the top layers and 1/100 on intermediate ones.',
  units: (size) => gridEpochs({ ...size.zoo }),
  async run({ size, progress }) {
    const { sizes, seeds, imagesSeen } = size.zoo;
    const rows = await runGrid({ sizes, seeds, imagesSeen, testPerDigit: size.testPerDigit, onRun: (what) => progress.describe(`transfer-zoo: ${what}`), onEpoch: () => progress.advance() });
    const table = summarize(rows);
    const { verdict, reasons, best } = judge(table, sizes);
    return {
      measurement: `${MODEL} (Fashion-MNIST) → MNIST digits, ${sizes.join(' / ')} images per class, ${seeds.length} seed(s): ${sizes.map((n) => `at ${n}/class best "${best(n)}" ${pct(table[best(n)][n])} vs scratch ${pct(table.scratch[n])}`).join('; ')}`,
      verdict,
      summary: reasons.join('; '),
      table: APPROACHES.map(({ key, label }) => ({ approach: label, ...Object.fromEntries(sizes.map((n) => [`${n}/class`, pct(table[key][n])])) })),
      figures: [
        {
          caption: `Accuracy on ${10 * size.testPerDigit} held-out digits against labelled images per class (log scale), mean of ${seeds.length} seed(s).`,
          svg: lineChart({ title: `${MODEL} → MNIST digits`, series: APPROACHES.map(({ key, label }, i) => ({ label, points: sizes.map((n) => [Math.log10(n), 100 * table[key][n]]), dash: i === 0 ? '6 3' : undefined })), xLabel: `log10(images per class): ${sizes.join(', ')}`, yLabel: 'test accuracy (%)', height: 300 }),
        },
      ],
    };
  },
};
