#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: runs every suite in bench/suites (or those named on the command
 * line) in this one process, prints a table and writes bench/results.json, an array of
 * { name, unit, value, baseline, baselineValue, ratio, target } with ratio = value ÷ baselineValue.
 * A suite exports `run(log)` resolving to such rows (ratio is filled in here).
 */
const { readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

async function main() {
  const wanted = process.argv.slice(2);
  const suites = readdirSync(join(__dirname, 'suites'))
    .filter((file) => file.endsWith('.js'))
    .sort()
    .filter((file) => wanted.length === 0 || wanted.includes(file.replace(/\.js$/, '')));
  const rows = [];
  for (const file of suites) {
    const log = (line) => process.stdout.write(`[${file.replace(/\.js$/, '')}] ${line}\n`);
    const suite = require(join(__dirname, 'suites', file));
    for (const row of await suite.run(log)) rows.push({ ...row, ratio: row.value / row.baselineValue });
  }
  const table = rows.map((r) => ({
    name: r.name,
    value: `${r.value.toPrecision(4)} ${r.unit}`,
    baseline: `${r.baseline}: ${r.baselineValue.toPrecision(4)} ${r.unit}`,
    ratio: r.ratio.toFixed(3),
    target: r.target === null ? '' : `≤ ${r.target}`,
    met: r.target === null ? '' : r.ratio <= r.target ? 'yes' : 'NO',
  }));
  console.table(table);
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const missed = rows.filter((r) => r.target !== null && r.ratio > r.target);
  console.log(`${rows.length} rows written to bench/results.json; ${rows.length - missed.length} met their target, ${missed.length} missed`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
