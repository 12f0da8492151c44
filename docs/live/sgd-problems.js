'use strict';
/** Live figure of the guide "What goes wrong with plain SGD": SGD at two learning rates on a surface, with gradient noise. */
const { surfaceFigure } = require('./lib/surface-figure');

surfaceFigure('sgd-problems', {
  steps: 60,
  noise: 0,
  lanes: [
    { id: 'A', initial: { type: 'sgd', learningRate: 0.03 }, enabled: true },
    { id: 'B', initial: { type: 'sgd', learningRate: 0.09 }, enabled: true },
  ],
});
