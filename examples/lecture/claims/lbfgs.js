'use strict';
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { lineChart } = require('../../../docs/lib/plot/line-chart');
const { mnistSplit, disposeSplit } = require('../data');

/** L2 strength: makes the problem strongly convex, with one optimum both methods head for. */
const L2 = 1e-2;

/** L2-regularized softmax regression on the whole training set: variables and the full-batch loss. */
function softmaxRegression(split, seed, name) {
  const weights = tf.variable(tf.randomNormal([784, 10], 0, 0.01, 'float32', seed), true, `${name}/weights`);
  const bias = tf.variable(tf.zeros([10]), true, `${name}/bias`);
  const loss = () =>
    tf.tidy(() => tf.losses.softmaxCrossEntropy(split.train.y, split.train.x.matMul(weights).add(bias)).add(weights.square().sum().mul(L2 / 2)));
  return { variables: [weights, bias], loss };
}

/** Runs L-BFGS until `budget` evaluations are used; returns [evaluations, loss] points. */
function runLbfgs(problem, budget) {
  const lbfgs = descent.lbfgs({ lineSearch: 'strongWolfe', maxIter: 1, historySize: 20 });
  const curve = [[0, problem.loss().dataSync()[0]]];
  let used = 0;
  while (used < budget) {
    used += lbfgs.minimize(problem.loss, problem.variables).evaluations;
    curve.push([used, problem.loss().dataSync()[0]]);
  }
  return curve;
}

/** Slide: second-order methods — L-BFGS works well in full-batch, deterministic mode. */
module.exports = {
  id: 'lbfgs',
  title: 'L-BFGS in full-batch mode',
  lecture: 'On a full-batch, deterministic problem L-BFGS (with a line search) reaches a lower loss than a first-order method for the same number of gradient evaluations; it does not carry over to mini-batches.',
  units: () => 2,
  async run({ size, progress }) {
    const split = mnistSplit({ ...size, trainPerDigit: 100 });
    const evaluations = 60;

    progress.describe('lbfgs: softmax regression, full batch');
    const second = softmaxRegression(split, 1, 'lbfgs');
    const lbfgsCurve = runLbfgs(second, evaluations);
    const reference = softmaxRegression(split, 1, 'optimum');
    const optimum = runLbfgs(reference, 5 * evaluations).at(-1)[1];
    progress.advance();

    progress.describe('lbfgs: adam, full batch');
    const first = softmaxRegression(split, 1, 'adam');
    const adam = descent.adam({ learningRate: 0.01 });
    const adamCurve = [[0, first.loss().dataSync()[0]]];
    for (let step = 1; step <= evaluations; step++) {
      adam.minimize(first.loss, false, first.variables);
      adamCurve.push([step, first.loss().dataSync()[0]]);
    }
    progress.advance();
    adam.dispose();
    tf.dispose([...first.variables, ...second.variables, ...reference.variables]);
    disposeSplit(split);

    const excess = (curve) => curve.map(([at, loss]) => [at, Math.max(loss - optimum, 1e-7)]);
    const lbfgsGap = lbfgsCurve.at(-1)[1] - optimum;
    const adamGap = adamCurve.at(-1)[1] - optimum;
    return {
      measurement: `L2-regularized softmax regression on ${split.train.count} digits, ${evaluations} loss-and-gradient evaluations: loss above the optimum ${lbfgsGap.toExponential(2)} with L-BFGS, ${adamGap.toExponential(2)} with Adam (lr 0.01)`,
      verdict: lbfgsGap < adamGap ? 'confirmed' : 'not confirmed',
      summary: `for the same budget L-BFGS ends ${(adamGap / Math.max(lbfgsGap, 1e-7)).toFixed(0)}× closer to the optimum than Adam`,
      table: [
        { method: 'L-BFGS (strong Wolfe)', 'loss − optimum': lbfgsGap.toExponential(2), iterations: lbfgsCurve.length - 1 },
        { method: 'Adam, lr 0.01', 'loss − optimum': adamGap.toExponential(2), iterations: evaluations },
      ],
      figures: [{ caption: `Full-batch loss above the optimum (${optimum.toFixed(4)}, from a longer L-BFGS run) against objective evaluations; L-BFGS counts its line search's evaluations.`, svg: lineChart({ title: 'Full-batch softmax regression', series: [{ label: 'L-BFGS', points: excess(lbfgsCurve) }, { label: 'Adam', points: excess(adamCurve) }], xLabel: 'loss and gradient evaluations', yLabel: 'loss − optimum', logY: true, height: 280 }) }],
    };
  },
};
