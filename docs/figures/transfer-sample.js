'use strict';
/** Figure of the guide "Transfer learning": the live figure's start, the four methods on the docs' small MNIST sample (tfjs cpu backend, as in the page). */
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { mnistSampleJson, SMALL_SAMPLE } = require('../build/mnist-sample');
const { decodeDigits } = require('../playground/digits');
const { smallTransfer, START } = require('../lib/transfer-sample');
const { transferChart } = require('../lib/plot/transfer-chart');
const { outputDir, writeOutput } = require('./lib/output');

const out = outputDir();
(async () => {
  await tf.setBackend('cpu');
  const transfer = await smallTransfer(tf, descent, decodeDigits(JSON.parse(mnistSampleJson(SMALL_SAMPLE))));
  const { curves } = await transfer.compare(START);
  writeOutput(out, 'transfer-sample.svg', transferChart(curves, { perClass: START.perClass, testDigits: transfer.testDigits }));
  transfer.dispose();
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
