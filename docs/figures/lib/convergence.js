'use strict';

/**
 * The first step at which a loss curve falls below `tolerance` (above the surface's
 * minimum value), or null when it never does within the run.
 * @param {number[]} losses
 * @param {number} tolerance
 * @param {number} minimum the loss at the optimum
 */
function stepsToReach(losses, tolerance, minimum = 0) {
  const index = losses.findIndex((loss) => loss - minimum < tolerance);
  return index < 0 ? null : index;
}

/** Loss curve points [step, loss − minimum] for a log-scale chart. */
function lossPoints(losses, minimum = 0) {
  return losses.map((loss, step) => [step, loss - minimum]);
}

module.exports = { stepsToReach, lossPoints };
