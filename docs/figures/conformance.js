'use strict';
/**
 * The conformance table of the guide "Adding an optimizer" (`rules-conformance.html`): every
 * committed optimizer vector run, when the site is built, on each target that runs in Node,
 * counted per rule type. A rule added to the registry and given vectors gets its row.
 */
const fs = require('fs');
const path = require('path');
const { loadTarget, readVectorFile, runVectorFile } = require('@descent/conformance');
const { ruleTypes } = require('@descent/core');
const { outputDir, writeOutput, htmlTable } = require('./lib/output');

const out = outputDir();
const vectorsDir = path.join(__dirname, '..', '..', 'packages', 'conformance', 'vectors', 'optimizers');
const TARGETS = ['reference', 'core', 'tfjs', 'tfjs-wasm', 'brain'];

/** "passed/total" per rule type for one target's results. */
function countsByRule(results, ruleOf) {
  const counts = new Map();
  for (const r of results) {
    const type = ruleOf.get(r.id);
    const [passed, total] = counts.get(type) ?? [0, 0];
    counts.set(type, [passed + (r.passed ? 1 : 0), total + 1]);
  }
  return counts;
}

async function main() {
  const files = fs.readdirSync(vectorsDir).filter((name) => name.endsWith('.json')).sort().map((name) => readVectorFile(path.join(vectorsDir, name)));
  const ruleOf = new Map(files.flatMap((file) => file.cases.map((c) => [c.id, c.optimizer.type])));
  const columns = [];
  for (const name of TARGETS) {
    const target = await loadTarget(name);
    const results = [];
    try {
      for (const file of files) results.push(...(await runVectorFile(target, file)));
    } finally {
      await target.dispose?.();
    }
    columns.push(countsByRule(results, ruleOf));
  }
  const rows = [...ruleTypes, 'lbfgs'].map((type) => [type, ...columns.map((counts) => (counts.has(type) ? counts.get(type).join(' of ') : 'no vectors'))]);
  writeOutput(out, 'rules-conformance.html', htmlTable({
    caption: `Measured when this page was built: the committed optimizer vectors (${ruleOf.size} cases, recorded from PyTorch or from the reference formulas) passed on each target that runs in Node, per rule, schedules, transforms and averaging included. The tfjs-webgl and tfjs-webgpu targets run the same cases in headless Chromium.`,
    columns: ['rule', ...TARGETS],
    rows,
  }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
