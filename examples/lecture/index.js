#!/usr/bin/env node
'use strict';
/**
 * The main job (`npm start`): CS231n lecture 7's claims, each measured on real MNIST
 * digits with the project's packages — update rules, learning-rate decay, Adam's bias
 * correction, dropout (brain.js), data augmentation, ensembles, Polyak averaging,
 * transfer learning and L-BFGS, and beyond the lecture schedule-free, ASGD, Lookahead, SAM and Prodigy
 * against Adam. Prints a table of claim, measurement and verdict and
 * writes an HTML report with plots to report/index.html.
 *
 *   npm start                  about 5 minutes on 2 cores
 *   npm start -- --full        more data, epochs, members and seeds
 *   npm start -- --only dropout,ensembles
 */
const { join } = require('node:path');
const { Progress } = require('./progress');
const { writeReport } = require('./report');
const { sizes, useBackend } = require('./data');

const CLAIMS = ['optimizers', 'schedules', 'bias-correction', 'dropout', 'augmentation', 'ensembles', 'polyak', 'transfer', 'transfer-zoo', 'lbfgs', 'beyond-adam'].map((id) =>
  require(`./claims/${id}`),
);

function parseArguments(argv) {
  const options = { full: false, only: null, report: join(__dirname, '..', '..', 'report') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--full') options.full = true;
    else if (arg === '--only') options.only = (argv[++i] ?? '').split(',');
    else if (arg === '--report') options.report = argv[++i];
    else throw new Error(`unknown argument "${arg}"; use --full, --only <ids>, --report <directory>`);
  }
  const known = CLAIMS.map((c) => c.id);
  for (const id of options.only ?? []) if (!known.includes(id)) throw new Error(`--only: unknown claim "${id}"; claims: ${known.join(', ')}`);
  return options;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const size = sizes(options.full);
  const claims = CLAIMS.filter((c) => options.only === null || options.only.includes(c.id));
  await useBackend('wasm');
  const progress = new Progress(claims.reduce((sum, c) => sum + c.units(size), 0));
  const started = Date.now();
  const results = [];
  for (const claim of claims) {
    const claimStarted = Date.now();
    const outcome = await claim.run({ size, progress });
    const result = { id: claim.id, title: claim.title, lecture: claim.lecture, ...outcome, seconds: (Date.now() - claimStarted) / 1000 };
    results.push(result);
    progress.log(`${result.verdict.padEnd(13)} ${claim.title}: ${result.summary} (${result.seconds.toFixed(0)} s)`);
  }
  progress.finish();
  const seconds = (Date.now() - started) / 1000;
  console.log('');
  console.table(results.map((r) => ({ claim: r.title, measurement: r.measurement, verdict: r.verdict })));
  const path = writeReport(options.report, { results, mode: options.full ? 'Full' : 'Default', seconds });
  console.log(`\n${results.filter((r) => r.verdict === 'confirmed').length} of ${results.length} claims confirmed in ${seconds.toFixed(0)} s. Report: ${path}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
