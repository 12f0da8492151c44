'use strict';
const { createOptimizer } = require('@descent/core');

/**
 * @typedef {'monotone' | 'ripple' | 'divergent'} RateRegion
 * @typedef {{ learningRate: number, momentum: number, rate: number, region: RateRegion }} RateCell
 */

/**
 * How the error of one run on ½(x² + κy²) behaves along each eigen-direction of the
 * Hessian (the x axis has curvature 1, the y axis κ): |x − x*| and |y − y*| per step.
 * @param {[number, number][]} path the points of a run, minimum at the origin
 * @returns {{ slow: [number, number][], fast: [number, number][] }} [step, |error|] pairs
 */
function errorByDirection(path) {
  return {
    slow: path.map(([x], k) => [k, Math.abs(x)]),
    fast: path.map(([, y], k) => [k, Math.abs(y)]),
  };
}

/** Steps in the final window whose largest error the rate takes (so a ripple's zero crossings don't count as convergence). */
const WINDOW = 8;

/** The largest |error| of direction `i` over steps `from` to `to`, and the step where it is. */
function largest(errors, i, from, to) {
  let value = 0;
  let at = from;
  for (let k = from; k <= to; k++) if (Math.abs(errors[k][i]) > value) [value, at] = [Math.abs(errors[k][i]), k];
  return { value, at };
}

/**
 * Runs the core's SGD with momentum (heavy ball, or Nesterov) for `steps` steps on
 * ½(x² + κy²) from (1, 1) and measures its convergence: the rate is the shrink factor per
 * step of the worse eigen-direction (the largest error in the last few steps against the
 * largest of the first half, per step between the two, so neither a ripple's zero
 * crossings nor a transient at the start count as convergence); the region is `divergent` when that
 * direction grows, `ripple` when its error changes sign more than once (the iterates
 * oscillate around the minimum), `monotone` otherwise.
 * @param {{ conditionNumber: number, learningRate: number, momentum: number, nesterov?: boolean, steps?: number }} settings
 * @returns {RateCell}
 */
function convergenceRate({ conditionNumber, learningRate, momentum, nesterov = false, steps = 60 }) {
  const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate, momentum, nesterov } });
  const point = Float32Array.of(1, 1);
  const gradient = new Float32Array(2);
  const param = [{ name: 'xy', values: point }];
  const curvature = [1, conditionNumber];
  const signChanges = [0, 0];
  const errors = [[1, 1]];
  for (let taken = 0; taken < steps; taken++) {
    for (let i = 0; i < 2; i++) gradient[i] = curvature[i] * point[i];
    optimizer.step(param, [gradient]);
    if (!point.every((v) => Number.isFinite(v) && Math.abs(v) < 1e30)) return { learningRate, momentum, rate: Infinity, region: 'divergent' };
    for (let i = 0; i < 2; i++) if (Math.sign(point[i]) * Math.sign(errors[taken][i]) < 0) signChanges[i]++;
    errors.push([point[0], point[1]]);
  }
  const middle = Math.floor(steps / 2);
  const rates = [0, 1].map((i) => {
    const early = largest(errors, i, 0, middle);
    const late = largest(errors, i, steps - WINDOW + 1, steps);
    return early.value === 0 ? 0 : (late.value / early.value) ** (1 / (late.at - early.at));
  });
  const worse = rates[0] >= rates[1] ? 0 : 1;
  const rate = rates[worse];
  const region = rate >= 1 ? 'divergent' : signChanges[worse] > 1 ? 'ripple' : 'monotone';
  return { learningRate, momentum, rate, region };
}

/**
 * The convergence-rate map over (learning rate α, momentum ρ) on ½(x² + κy²): one run of
 * the core's optimizer per cell of a `columns` × `rows` grid, α from 0 to `maxLearningRate`
 * and ρ from 0 to `maxMomentum` (cell centres).
 * @param {{ conditionNumber: number, maxLearningRate: number, maxMomentum?: number, nesterov?: boolean, columns?: number, rows?: number, steps?: number }} settings
 * @returns {RateCell[][]} rows of cells, momentum increasing with the row
 */
function rateMap({ conditionNumber, maxLearningRate, maxMomentum = 0.99, nesterov = false, columns = 36, rows = 30, steps = 60 }) {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) =>
      convergenceRate({ conditionNumber, nesterov, steps, learningRate: ((c + 0.5) / columns) * maxLearningRate, momentum: ((r + 0.5) / rows) * maxMomentum }),
    ),
  );
}

module.exports = { errorByDirection, convergenceRate, rateMap };
