'use strict';
/**
 * Tables and figures made from the rule registry (`rules` of @descent/core), so a rule
 * added to the registry appears in the docs with no line written for it here:
 * - `rules.html`: every rule, what it is and its fields with their defaults;
 * - `rule-fields-<type>.html`: one rule's fields, defaults, allowed values and docs;
 * - `rule-<type>.svg`: the rule on the ill-conditioned quadratic at its default learning
 *   rate and at the best of a grid of rates.
 */
const { rules, ruleTypes, resolveRule } = require('@descent/core');
const { illConditioned } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { outputDir, writeOutput, htmlTable, formatLoss } = require('./lib/output');

const out = outputDir();

/** A default as the docs show it: numbers short (1e-8, not 0.00000001), anything else as JSON. */
function formatDefault(value) {
  if (typeof value !== 'number') return value === undefined ? 'required' : JSON.stringify(value);
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}

/** "learningRate 0.01, etaMinus 0.5, …": a rule's fields with their defaults. */
const defaultsOf = (type) => Object.entries(rules[type].fields).map(([name, field]) => `${name} ${formatDefault(field.default)}`).join(', ');

writeOutput(out, 'rules.html', htmlTable({
  caption: 'Every update rule of @descent/core, from its definition: the config type, what it is, and its fields with their defaults. The same config works in the core, tfjs and the brain.js trainer.',
  columns: ['type', 'what it is', 'fields (defaults)'],
  rows: ruleTypes.map((type) => [type, rules[type].summary, defaultsOf(type)]),
}));

for (const type of ruleTypes) {
  writeOutput(out, `rule-fields-${type}.html`, htmlTable({
    caption: `The fields of { type: "${type}" }, from its definition: a config may give any of them; the others take their defaults.`,
    columns: ['field', 'default', 'allowed', 'what it does'],
    rows: Object.entries(rules[type].fields).map(([name, field]) => [name, formatDefault(field.default), field.check.allowed, field.doc ?? '']),
  }));
}

// Each rule on ½(x² + 20y²): at its default learning rate, and at the best of 13 rates
// from 0.001 to 1 (quarter decades) after `steps` steps.
const bowl = illConditioned(20);
const steps = 100;
const grid = Array.from({ length: 13 }, (_, i) => 10 ** (-3 + i * 0.25));
const run = (type, learningRate) => runTrajectory(bowl, { rule: { type, learningRate } }, { steps });
for (const type of ruleTypes) {
  const defaultRate = resolveRule({ type }).hyperparameters.learningRate;
  const best = grid
    .map((lr) => ({ lr: Number(lr.toPrecision(2)), trajectory: run(type, Number(lr.toPrecision(2))) }))
    .filter((r) => Number.isFinite(r.trajectory.losses.at(-1)))
    .reduce((a, b) => (b.trajectory.losses.at(-1) < a.trajectory.losses.at(-1) ? b : a));
  const atDefault = run(type, defaultRate);
  writeOutput(out, `rule-${type}.svg`, contourChart({
    title: `${type} on ½(x² + 20y²), ${steps} steps`,
    surface: bowl,
    trajectories: [
      { label: `default lr ${formatDefault(defaultRate)}: loss ${formatLoss(atDefault.losses.at(-1))}`, path: atDefault.path },
      { label: `best of 13 rates, lr ${formatDefault(best.lr)}: loss ${formatLoss(best.trajectory.losses.at(-1))}`, path: best.trajectory.path },
    ],
  }));
}
