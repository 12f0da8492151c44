#!/usr/bin/env node
'use strict';
/**
 * Transfer learning from the model zoo, measured as the lecture states it: the zoo's CNN
 * pretrained on Fashion-MNIST (`@descent/zoo`, "fashion-mnist-cnn") learns MNIST digits
 * from n labelled images per class, in each of the three regimes of @descent/tfjs —
 * features only, fine-tune the top blocks, fine-tune all with per-depth rates — and the
 * same CNN from scratch; accuracy on held-out digits over several seeds, a table, a plot
 * (output/transfer-zoo.svg) and a verdict on "more data → fine-tune more".
 *
 *   node examples/transfer-zoo [sizes=10,100,700] [seeds=3] [testPerDigit=150] [imagesSeen=4000] [--approaches scratch,features,…] [--backend wasm|cpu]
 *
 * (`npm run build` first.) CI runs it small: `node examples/transfer-zoo 10,30 1 20 300`.
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const tf = require('@tensorflow/tfjs');
const { lineChart } = require('../../docs/lib/plot/line-chart');
const { useBackend, backendArg, printTable } = require('../tfjs-shared/mnist-tf');
const { APPROACHES, MODEL, runGrid, summarize, judge, epochsFor, pct } = require('./grid');

/** The positional arguments: a comma list of sizes, then integers. */
function parseArguments(argv) {
  const positional = argv.filter((a, i) => !a.startsWith('--') && !['--backend', '--approaches'].includes(argv[i - 1]));
  const at = argv.indexOf('--approaches');
  const approaches = at < 0 ? APPROACHES.map((a) => a.key) : (argv[at + 1] ?? '').split(',');
  for (const key of approaches) if (!APPROACHES.some((a) => a.key === key)) throw new Error(`--approaches: unknown "${key}"; approaches: ${APPROACHES.map((a) => a.key).join(', ')}`);
  const [sizes = '10,100,700', seeds = '3', testPerDigit = '150', imagesSeen = '4000'] = positional;
  const options = { sizes: sizes.split(',').map(Number), seeds: Number(seeds), testPerDigit: Number(testPerDigit), imagesSeen: Number(imagesSeen) };
  for (const [name, value] of Object.entries(options)) {
    if (![value].flat().every((v) => Number.isInteger(v) && v >= 1)) throw new Error(`${name} must be integers ≥ 1, got ${value}`);
  }
  return { ...options, approaches, seeds: Array.from({ length: options.seeds }, (_, i) => i + 1) };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  await useBackend(backendArg());
  console.log(
    `${MODEL} (pretrained on Fashion-MNIST) → MNIST digits with ${options.sizes.join(', ')} labelled images per class; ` +
      `${10 * options.testPerDigit} held-out test digits; ${options.seeds.length} seed(s); epochs per size ${options.sizes.map((n) => epochsFor(n, options.imagesSeen)).join(', ')}; tfjs ${tf.getBackend()} backend`,
  );
  const started = Date.now();
  const rows = await runGrid({ ...options, onResult: (r) => process.stderr.write(`  ${r.perClass}/class, seed ${r.seed}, ${r.key}: ${pct(r.accuracy)} (${r.epochs} epochs)\n`) });
  const table = summarize(rows);
  const measured = APPROACHES.filter(({ key }) => options.approaches.includes(key));
  printTable(
    measured.map(({ key, label }) => ({
      approach: label,
      ...Object.fromEntries(options.sizes.map((n) => [`${n}/class`, pct(table[key][n])])),
      'per seed (accuracy at each size)': options.sizes.map((n) => rows.filter((r) => r.key === key && r.perClass === n).map((r) => (100 * r.accuracy).toFixed(1)).join(' ')).join(' | '),
    })),
  );
  if (table.scratch !== undefined) {
    const { verdict, reasons } = judge(table, options.sizes);
    console.log(`\nThe lecture: with little data train only a new head on frozen features; with more data fine-tune more. Verdict: ${verdict} — ${reasons.join('; ')}.`);
  }
  console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);

  const chart = lineChart({
    title: `${MODEL} → MNIST: held-out accuracy by labelled images per class`,
    series: measured.map(({ key, label }) => ({ label, points: options.sizes.map((n) => [Math.log10(n), 100 * table[key][n]]), dash: key === 'scratch' ? '6 3' : undefined })),
    xLabel: `log10(images per class): ${options.sizes.join(', ')}`,
    yLabel: 'test accuracy (%)',
    width: 760,
    height: 420,
  });
  const directory = join(__dirname, 'output');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'transfer-zoo.svg'), chart);
  writeFileSync(join(directory, 'results.json'), `${JSON.stringify({ options, table, rows }, null, 2)}\n`);
  console.log(`plot written to ${join(directory, 'transfer-zoo.svg')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
