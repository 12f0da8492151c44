'use strict';
/** Live figure of the guide "Second-order methods": L-BFGS against Adam and momentum on the Rosenbrock valley; add gradient noise to see L-BFGS falter. */
const { surfaceFigure } = require('./lib/surface-figure');

surfaceFigure('second-order', {
  surface: 'rosenbrock',
  steps: 200,
  lanes: [
    { id: 'A', initial: { type: 'lbfgs', learningRate: 1 }, enabled: true },
    { id: 'B', initial: { type: 'adam', learningRate: 0.05 }, enabled: true },
    { id: 'C', initial: { type: 'sgd', learningRate: 0.001, momentum: 0.9 }, enabled: true },
  ],
});
