'use strict';
/** Figure of the guide "brain.js nets with descent": the training error with dropout, with units dropped and at inference (the live figure's start). */
const { xorWithDropout } = require('../lib/xor-dropout');
const { xorDropoutChart } = require('../lib/plot/xor-dropout-chart');
const { outputDir, writeOutput } = require('./lib/output');

const out = outputDir();
const settings = { rate: 0.5, errorThresh: 0.01, optimizer: { type: 'adam', learningRate: 0.05 } };
writeOutput(out, 'brain-nets-dropout-error.svg', xorDropoutChart(settings, xorWithDropout(settings)));
