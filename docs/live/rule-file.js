'use strict';
/**
 * Live figure of the guide "Adding an optimizer": the rule whose file the page prints last
 * before the figure, run by @descent/core on ½(x² + κy²) beside SGD and Adam. Every numeric
 * field of the definition is a slider (a decade or two each side of its default, so the
 * field's check refuses some values: the DescentError shows beside the fields and the rule
 * draws nothing), and the JavaScript kernel the core prints from the definition at these
 * settings is shown as the page runs it.
 */
const { rules, resolveRule, buildProgram, printJs } = require('@descent/core');
const { illConditioned } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { seriesColor } = require('../lib/plot/palette');
const { slider, checkbox } = require('../playground/controls');
const { mountLive, playgroundHref } = require('./lib/mount');

/** The rule type of the last rule file (`{{source packages/core/src/rules/<type>.ts}}`) printed before `figure`. */
function printedRule(figure) {
  const printed = [...document.querySelectorAll('pre.source[title^="packages/core/src/rules/"]')]
    .filter((pre) => pre.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING);
  const type = /rules\/([\w-]+)\.ts$/.exec(printed.at(-1)?.title ?? '')?.[1];
  if (!type || !(type in rules)) throw new Error('rule-file: no rule file is printed before this figure');
  return type;
}

/** The slider of a numeric field: log scale, two decades each side of a positive default, one of a zero default's. */
function fieldSlider(name, field, onChange) {
  const d = field.default;
  const [min, max] = d > 0 ? [d / 100, d * 100] : [0, 1];
  return slider({ name: `rule-${name}`, label: name, min, max, value: d, log: d > 0, step: d > 0 ? undefined : 0.01, url: false }, onChange);
}

mountLive('rule-file', ({ controls, plots, link, status }) => {
  const type = printedRule(document.querySelector('figure[data-live="rule-file"]'));
  const redraw = () => draw();
  const kappa = slider({ name: 'condition', label: 'condition number κ', min: 1, max: 100, value: 20, log: true, integer: true, url: false }, redraw);
  const sigma = slider({ name: 'noise', label: 'gradient noise σ', min: 0, max: 5, step: 0.1, value: 0, url: false }, redraw);
  const count = slider({ name: 'steps', label: 'steps', min: 10, max: 500, value: 100, integer: true, url: false }, redraw);
  const fields = Object.entries(rules[type].fields).flatMap(([name, field]) => {
    if (typeof field.default === 'number') return [[name, fieldSlider(name, field, redraw)]];
    if (typeof field.default === 'boolean') return [[name, checkbox({ name: `rule-${name}`, label: name, checked: field.default, url: false }, redraw)]];
    return [];
  });
  const lane = Object.assign(document.createElement('fieldset'), { className: 'lane' });
  lane.dataset.lane = type;
  const problem = Object.assign(document.createElement('p'), { className: 'problem' });
  lane.append(Object.assign(document.createElement('legend'), { textContent: `{ type: '${type}' }: its fields` }), ...fields.map(([, c]) => c.element), problem);
  const sgdRate = slider({ name: 'sgd-learningRate', label: 'SGD learning rate', min: 1e-3, max: 0.1, value: 0.05, log: true, url: false }, redraw);
  const adamRate = slider({ name: 'adam-learningRate', label: 'Adam learning rate', min: 1e-3, max: 1, value: 0.1, log: true, url: false }, redraw);
  const lanes = Object.assign(document.createElement('div'), { className: 'lanes' });
  lanes.append(lane);
  controls.append(kappa.element, sigma.element, count.element, lanes, sgdRate.element, adamRate.element);
  const [paths, losses] = ['live-paths', 'live-losses'].map((className) => plots.appendChild(Object.assign(document.createElement('div'), { className: `plot ${className}` })));
  const kernel = plots.appendChild(Object.assign(document.createElement('pre'), { className: 'live-kernel' }));

  const draw = () => {
    const surface = illConditioned(kappa.value());
    const config = { type, ...Object.fromEntries(fields.map(([name, c]) => [name, c.value()])) };
    const run = { steps: count.value(), noise: sigma.value(), seed: 1 };
    const runs = [
      { label: `sgd, lr ${sgdRate.value()}`, config: { type: 'sgd', learningRate: sgdRate.value() } },
      { label: `adam, lr ${adamRate.value()}`, config: { type: 'adam', learningRate: adamRate.value() } },
    ];
    let resolved = null;
    try {
      resolved = resolveRule(config);
      problem.textContent = '';
      runs.unshift({ label: `${type}, lr ${config.learningRate}`, config });
    } catch (error) {
      problem.textContent = error.message;
    }
    const drawn = runs.map((r, i) => ({ ...r, ...runTrajectory(surface, { rule: r.config }, run), color: seriesColor(i + (resolved ? 0 : 1)) }));
    paths.innerHTML = contourChart({ surface, trajectories: drawn, width: 440, height: 380 });
    losses.innerHTML = lineChart({
      title: 'loss',
      series: drawn.map((r) => ({ label: r.label, color: r.color, points: r.losses.map((l, k) => [k, Math.max(l, 1e-12)]) })),
      xLabel: 'step',
      logY: true,
      width: 380,
      height: 380,
    });
    if (resolved) {
      const program = buildProgram(resolved.definition, resolved.hyperparameters);
      kernel.textContent = [
        `// The kernel the core printed from ${type}.ts for these settings, and ran above.`,
        `// c = [${program.coefficients.join(', ')}], computed per step by \`coefficients\``,
        `// slots = [${program.slots.join(', ')}]`,
        printJs(program).replace(/^"use strict";\n/, ''),
      ].join('\n');
    }
    const final = drawn.map((r) => `${r.label.split(',')[0]} ${r.losses.at(-1).toPrecision(3)}`).join(', ');
    status.textContent = `loss after ${count.value()} steps: ${final}`;
    status.dataset.losses = JSON.stringify(Object.fromEntries(drawn.map((r) => [r.config.type, r.losses.at(-1)])));
    link.href = playgroundHref({
      condition: kappa.value(), noise: sigma.value(), steps: count.value(), 'D-on': '0',
      'A-on': resolved ? '1' : '0', 'A-rule': type, 'A-learningRate': config.learningRate,
      'B-rule': 'sgd', 'B-learningRate': sgdRate.value(), 'B-momentum': 0, 'C-rule': 'adam', 'C-learningRate': adamRate.value(),
    }, 'surfaces');
  };
  draw();
});
