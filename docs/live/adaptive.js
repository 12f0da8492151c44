'use strict';
/** Live figure of the guide "Adaptive methods": SGD, AdaGrad, RMSProp and Adam on a surface, each rule's fields as controls. */
const { surfaceFigure } = require('./lib/surface-figure');

surfaceFigure('adaptive', {
  steps: 100,
  lanes: [
    { id: 'A', initial: { type: 'sgd', learningRate: 0.09 }, enabled: true },
    { id: 'B', initial: { type: 'adagrad', learningRate: 0.5 }, enabled: true },
    { id: 'C', initial: { type: 'rmsprop', learningRate: 0.05 }, enabled: true },
    { id: 'D', initial: { type: 'adam', learningRate: 0.1 }, enabled: true },
  ],
});
