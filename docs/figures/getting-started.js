'use strict';
/** Figure of the guide "Getting started": the loss of its first tfjs program (the live figure's start). */
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { xorLosses, SNIPPET } = require('../lib/xor-tfjs');
const { xorLossChart } = require('../lib/plot/xor-loss-chart');
const { outputDir, writeOutput } = require('./lib/output');

const out = outputDir();
xorLosses(tf, descent, SNIPPET).then(({ losses }) => {
  writeOutput(out, 'getting-started-xor.svg', xorLossChart([{ settings: SNIPPET, losses }]));
});
