'use strict';
/**
 * The 8 rules tf.train has, each with the same hyperparameters on both sides: a descent
 * optimizer and tf.train's own. Shared by the Node suite (bench/suites/tfjs.js) and the
 * browser page (bench/pages/gpu-page.js), which pass in their own `descent` and `tf`.
 */
function optimizerCases(descent, tf) {
  return [
    { name: 'sgd', ours: () => descent.sgd({ learningRate: 0.01 }), theirs: () => tf.train.sgd(0.01) },
    { name: 'momentum', ours: () => descent.sgd({ learningRate: 0.01, momentum: 0.9 }), theirs: () => tf.train.momentum(0.01, 0.9) },
    { name: 'nesterov', ours: () => descent.sgd({ learningRate: 0.01, momentum: 0.9, nesterov: true }), theirs: () => tf.train.momentum(0.01, 0.9, true) },
    { name: 'adagrad', ours: () => descent.adagrad({ learningRate: 0.01, initialAccumulatorValue: 0.1 }), theirs: () => tf.train.adagrad(0.01, 0.1) },
    { name: 'rmsprop', ours: () => descent.rmsprop({ learningRate: 0.001, decay: 0.9, epsilon: 1e-7 }), theirs: () => tf.train.rmsprop(0.001, 0.9, 0, 1e-7) },
    { name: 'adam', ours: () => descent.adam({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }), theirs: () => tf.train.adam(0.001, 0.9, 0.999, 1e-7) },
    { name: 'adamax', ours: () => descent.adamax({ learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }), theirs: () => tf.train.adamax(0.002, 0.9, 0.999, 1e-7) },
    { name: 'adadelta', ours: () => descent.adadelta({ learningRate: 1, rho: 0.95, epsilon: 1e-6 }), theirs: () => tf.train.adadelta(1, 0.95, 1e-6) },
  ];
}

module.exports = { optimizerCases };
