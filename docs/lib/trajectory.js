'use strict';
const { createOptimizer, createLbfgs, Random } = require('@descent/core');

/**
 * @typedef {{ path: [number, number][], losses: number[], gradients?: [number, number][],
 *   average?: [number, number][], learningRates: number[] }} Trajectory
 */

/**
 * Runs a descent optimizer on a 2-D surface: `steps` updates of the point (x, y) from
 * `start`, with the surface's exact gradient plus, when `noise` > 0, Gaussian noise of
 * that standard deviation per coordinate (the "minibatch" gradient), drawn from the
 * core's seeded generator. Records every point, its loss, the gradient and learning rate used and,
 * when the config asks for averaging or the rule evaluates elsewhere (asgd, schedule-free), the averaged point. A run that diverges to
 * non-finite values stops there.
 * @param {import('./surfaces').Surface} surface
 * @param {import('@descent/core').OptimizerConfig} config
 * @param {{ steps: number, noise?: number, seed?: number, start?: [number, number] }} run
 * @returns {Trajectory}
 */
function runTrajectory(surface, config, { steps, noise = 0, seed = 1, start = surface.start }) {
  const optimizer = createOptimizer(config);
  const random = new Random(seed);
  const point = Float32Array.from(start);
  const gradient = new Float32Array(2);
  const param = [{ name: 'xy', values: point }];
  const trajectory = { path: [[point[0], point[1]]], losses: [], gradients: [], learningRates: [] };
  // The averaged point: the configured average, or the rule's own evaluation point (asgd, schedule-free's x).
  if (optimizer.keepsAverage) trajectory.average = [[point[0], point[1]]];
  for (let k = 0; k < steps; k++) {
    trajectory.losses.push(surface.objective.evaluate(point, gradient));
    if (noise > 0) for (let i = 0; i < 2; i++) gradient[i] += noise * random.nextNormal();
    if (!gradient.every(Number.isFinite)) break;
    trajectory.learningRates.push(optimizer.learningRate);
    trajectory.gradients.push([gradient[0], gradient[1]]);
    optimizer.step(param, [gradient]);
    if (!point.every(Number.isFinite)) break;
    trajectory.path.push([point[0], point[1]]);
    if (trajectory.average) {
      const mean = optimizer.averageOf('xy', point);
      trajectory.average.push([mean[0], mean[1]]);
    }
  }
  trajectory.losses.push(surface.objective.evaluate(point, gradient));
  return trajectory;
}

/**
 * Runs the core's L-BFGS one iteration per step (maxIter 1, history kept across steps,
 * as torch does), recording the point after every iteration and counting evaluations.
 * With `noise` > 0 each step sees a different "minibatch": the loss plus nᵀx for a
 * Gaussian n of that size drawn per step, so loss and gradient agree within a step (the
 * line search re-evaluates the same batch, as with torch's closure) but change between
 * steps, which L-BFGS's curvature pairs are not made for.
 * @param {import('./surfaces').Surface} surface
 * @param {import('@descent/core').LbfgsConfig} config
 * @param {{ steps: number, noise?: number, seed?: number }} run
 * @returns {Trajectory & { evaluations: number }}
 */
function runLbfgsTrajectory(surface, config, { steps, noise = 0, seed = 1 }) {
  const lbfgs = createLbfgs({ ...config, maxIter: 1 });
  const random = new Random(seed);
  const point = Float64Array.from(surface.start);
  const gradient = new Float64Array(2);
  const offset = [0, 0];
  const objective = (x) => {
    const loss = surface.objective.evaluate(x, gradient) + offset[0] * x[0] + offset[1] * x[1];
    for (let i = 0; i < 2; i++) gradient[i] += offset[i];
    return { loss, gradient };
  };
  const trajectory = { path: [[point[0], point[1]]], losses: [], learningRates: [] };
  for (let k = 0; k < steps; k++) {
    if (noise > 0) for (let i = 0; i < 2; i++) offset[i] = noise * random.nextNormal();
    lbfgs.step(point, objective);
    trajectory.losses.push(surface.objective.evaluate(trajectory.path[k], gradient));
    if (!point.every(Number.isFinite)) break;
    trajectory.path.push([point[0], point[1]]);
  }
  trajectory.losses.push(surface.objective.evaluate(point, gradient));
  return { ...trajectory, evaluations: lbfgs.evaluations };
}

module.exports = { runTrajectory, runLbfgsTrajectory };
