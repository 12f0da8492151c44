'use strict';
const { quadratic, rosenbrock, saddle } = require('@descent/core');

/**
 * The loss surfaces of the guides and the playground, each built from the core's
 * objectives: a view box for plotting, a start point and contour levels.
 * @typedef {{ id: string, title: string, objective: import('@descent/core').Objective,
 *   start: [number, number], view: { x: [number, number], y: [number, number] },
 *   levels: number[], minimum: [number, number] }} Surface
 */

/** Geometric levels from `low` to `high`, `count` of them: contours of a bowl look even that way. */
function geometricLevels(low, high, count) {
  return Array.from({ length: count }, (_, i) => low * (high / low) ** (i / (count - 1)));
}

/**
 * ½·(x² + κ·y²): the lecture's "taco shell", steep in y and shallow in x, with condition number κ.
 * @param {number} conditionNumber κ ≥ 1
 * @returns {Surface}
 */
function illConditioned(conditionNumber = 20) {
  return {
    id: 'quadratic',
    title: `Ill-conditioned quadratic ½(x² + ${conditionNumber}y²)`,
    objective: quadratic({ A: [[1, 0], [0, conditionNumber]], b: [0, 0] }),
    start: [-4.5, 1.2],
    view: { x: [-5, 5], y: [-2, 2] },
    levels: geometricLevels(0.02, 40, 12),
    minimum: [0, 0],
  };
}

/**
 * x² − y² + 0.05·y⁴: a saddle at the origin, minima at (0, ±√10). Started just off the x
 * axis, plain gradient descent crawls along it toward the saddle before escaping.
 * @returns {Surface}
 */
function saddlePoint() {
  return {
    id: 'saddle',
    title: 'Saddle x² − y² + 0.05y⁴',
    objective: saddle(0.05),
    start: [-3, 0.01],
    view: { x: [-3.5, 3.5], y: [-4.2, 4.2] },
    levels: [-4.5, -4, -3, -2, -1, -0.25, 0, 0.25, 1, 2, 4, 8],
    minimum: [0, Math.sqrt(10)],
  };
}

/**
 * The Rosenbrock valley (1 − x)² + 100·(y − x²)², minimum at (1, 1) at the end of a curved valley.
 * @returns {Surface}
 */
function rosenbrockValley() {
  return {
    id: 'rosenbrock',
    title: 'Rosenbrock (1 − x)² + 100(y − x²)²',
    objective: rosenbrock({ a: 1, b: 100 }, 2),
    start: [-1.2, 1],
    view: { x: [-2, 2], y: [-1, 3] },
    levels: geometricLevels(0.05, 1500, 14),
    minimum: [1, 1],
  };
}

/** Every surface by id, with its default settings. */
const surfaces = { quadratic: illConditioned, saddle: saddlePoint, rosenbrock: rosenbrockValley };

module.exports = { surfaces, illConditioned, saddlePoint, rosenbrockValley, geometricLevels };
