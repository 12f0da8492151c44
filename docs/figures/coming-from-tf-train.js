'use strict';
/** Figure of the guide "Coming from tf.train": tf.train.rmsprop, descent's train.rmsprop and descent's rmsprop on the same problem (the live figure's start). */
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { tfTrainRuns, minimumLoss } = require('../lib/tf-train-runs');
const { tfTrainChart } = require('../lib/plot/tf-train-chart');
const { outputDir, writeOutput } = require('./lib/output');

const out = outputDir();
const settings = { factory: 'rmsprop', learningRate: 0.01, steps: 100 };
writeOutput(out, 'tf-train-rmsprop.svg', tfTrainChart(settings, tfTrainRuns(tf, descent, settings), minimumLoss()));
