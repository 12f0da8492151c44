'use strict';
const descent = require('@descent/tfjs');
const { lineChart } = require('../../../docs/lib/plot/line-chart');
const { mnistSplit, disposeSplit, mlp, evaluate, percent } = require('../data');

/** Slide: Polyak averaging — use a moving average of the parameters at test time. */
module.exports = {
  id: 'polyak',
  title: 'Polyak averaging (EMA of the weights)',
  lecture: 'Evaluating with a moving average of the parameters (x_test = 0.995·x_test + 0.005·x) instead of the last iterate smooths out the noise of SGD and gives a better model.',
  units: (size) => size.epochs,
  async run({ size, progress }) {
    const split = mnistSplit(size);
    const model = mlp([64], 10, 21);
    const optimizer = descent.sgd({ learningRate: 0.2, momentum: 0.9, average: { type: 'ema', decay: 0.995 } });
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const final = [];
    const averaged = [];
    progress.describe('polyak: sgd with an EMA of the weights');
    await model.fit(split.train.x, split.train.y, {
      epochs: size.epochs,
      batchSize: 32,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (epoch) => {
          final.push([epoch + 1, evaluate(model, split.test).loss]);
          averaged.push([epoch + 1, await descent.withAveragedWeights(optimizer, model, () => evaluate(model, split.test).loss)]);
          progress.advance();
        },
      },
    });
    const last = evaluate(model, split.test);
    const average = await descent.withAveragedWeights(optimizer, model, () => evaluate(model, split.test));
    optimizer.dispose();
    model.dispose();
    disposeSplit(split);
    return {
      measurement: `sgd (lr 0.2, momentum 0.9): test loss ${last.loss.toFixed(3)} / accuracy ${percent(last.accuracy)} with the last weights, ${average.loss.toFixed(3)} / ${percent(average.accuracy)} with their EMA (decay 0.995)`,
      verdict: average.loss < last.loss ? 'confirmed' : 'not confirmed',
      summary: `the averaged weights' test loss is ${((1 - average.loss / last.loss) * 100).toFixed(0)}% lower`,
      table: [
        { weights: 'last iterate', 'test loss': last.loss.toFixed(3), 'test accuracy': percent(last.accuracy) },
        { weights: 'EMA (0.995)', 'test loss': average.loss.toFixed(3), 'test accuracy': percent(average.accuracy) },
      ],
      figures: [{ caption: 'Test loss after each epoch, last weights vs their moving average.', svg: lineChart({ title: 'Test loss: last iterate vs averaged', series: [{ label: 'last iterate', points: final }, { label: 'EMA 0.995', points: averaged }], xLabel: 'epoch', yLabel: 'test loss', height: 280 }) }],
    };
  },
};
