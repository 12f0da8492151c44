'use strict';
const { rules } = require('@descent/core');
const { slider, checkbox, select } = require('./controls');

/** The slider of each numeric rule field the playground offers (others keep the core's default). */
const numericFields = {
  learningRate: { label: 'learning rate', min: 1e-4, max: 3, log: true },
  momentum: { label: 'momentum ρ', min: 0, max: 0.99, step: 0.01 },
  beta1: { label: 'β1', min: 0, max: 0.99, step: 0.01 },
  beta2: { label: 'β2', min: 0.5, max: 0.9999, step: 0.0001 },
  decay: { label: 'decay', min: 0.5, max: 0.999, step: 0.001 },
  rho: { label: 'ρ', min: 0.5, max: 0.99, step: 0.01 },
};

/** The checkbox of each boolean rule field. */
const booleanFields = { nesterov: 'Nesterov', biasCorrection: 'bias correction', amsgrad: 'AMSGrad', centered: 'centered' };

/** The rules a lane can pick: every first-order rule of the core, and L-BFGS. */
const ruleChoices = [...Object.keys(rules), 'lbfgs'];

/** The core's default of every field of `rule` (L-BFGS: its step length 1). */
function ruleDefaults(rule) {
  return rule === 'lbfgs' ? { learningRate: 1 } : Object.fromEntries(Object.entries(rules[rule].fields).map(([k, f]) => [k, f.default]));
}

/** The fields a lane shows for `rule`, with their values: the core's defaults overridden by `values`. */
function laneFields(rule, values) {
  const base = { ...ruleDefaults(rule), ...values };
  return Object.keys(base)
    .filter((name) => name in numericFields || (name in booleanFields && rule !== 'lbfgs'))
    .map((name) => [name, base[name]]);
}

/** "A: sgd, lr 0.02, momentum ρ 0.9": lane `id`'s rule, its rate, and every other field of `config` set away from its default. */
function laneLabel(id, config) {
  const preset = ruleDefaults(config.type);
  const changed = Object.keys(config).filter((k) => k !== 'type' && k !== 'learningRate' && config[k] !== preset[k]);
  const described = changed.map((k) => (k in booleanFields ? (config[k] ? booleanFields[k] : `no ${booleanFields[k]}`) : `${numericFields[k].label} ${config[k]}`));
  return [`${id}: ${config.type}`, `lr ${config.learningRate}`, ...described].join(', ');
}

/**
 * One optimizer of the playground: a rule select and the sliders and checkboxes of the
 * chosen rule's fields, with the core's defaults unless `initial` sets them (`initial`'s
 * fields apply only while its rule is chosen, so a link naming another rule gets that
 * rule's defaults). `settings()` gives the lane's controls as the playground's URL reads them.
 * @param {{ id: string, initial: { type: string } & Record<string, number | boolean>, enabled: boolean, url?: boolean }} lane
 * @param {() => void} onChange
 * @returns {{ element: HTMLElement, enabled: () => boolean, config: () => object, label: () => string, showError: (message: string | null) => void, settings: () => Record<string, string> }}
 */
function ruleLane({ id, initial, enabled, url = true }, onChange) {
  const element = document.createElement('fieldset');
  element.className = 'lane';
  element.dataset.lane = id;
  const legend = document.createElement('legend');
  const on = checkbox({ name: `${id}-on`, label: `optimizer ${id}`, checked: enabled, url }, onChange);
  legend.append(on.element);
  const fields = document.createElement('div');
  let controls = [];
  const type = select({ name: `${id}-rule`, label: 'rule', options: ruleChoices.map((r) => ({ value: r, label: r })), value: initial.type, url }, () => {
    values = { type: type.value() };
    build();
    onChange();
  });
  let values = type.value() === initial.type ? { ...initial } : { type: type.value() };
  const build = () => {
    controls = laneFields(type.value(), values).map(([name, value]) => {
      const control = name in numericFields
        ? slider({ name: `${id}-${name}`, value, ...numericFields[name], url }, onChange)
        : checkbox({ name: `${id}-${name}`, label: booleanFields[name], checked: value, url }, onChange);
      return [name, control];
    });
    fields.replaceChildren(...controls.map(([, c]) => c.element));
  };
  build();
  const problem = document.createElement('p');
  problem.className = 'problem';
  element.append(legend, type.element, fields, problem);
  const config = () => ({ type: type.value(), ...Object.fromEntries(controls.map(([name, c]) => [name, c.value()])) });
  const label = () => laneLabel(id, config());
  /** Shows why the lane's config was rejected (the DescentError message), or clears it. */
  const showError = (message) => {
    problem.textContent = message ?? '';
  };
  /** The lane as the playground's URL spells it: `A-on`, `A-rule` and one entry per field (booleans as 1 / 0). */
  const settings = () => Object.fromEntries([
    [`${id}-on`, on.value() ? '1' : '0'],
    [`${id}-rule`, type.value()],
    ...controls.map(([name, c]) => [`${id}-${name}`, typeof c.value() === 'boolean' ? (c.value() ? '1' : '0') : String(c.value())]),
  ]);
  return { element, enabled: on.value, config, label, showError, settings };
}

module.exports = { ruleLane, laneFields, laneLabel };
