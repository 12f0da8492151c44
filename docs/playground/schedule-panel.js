'use strict';
const { createSchedule, DescentError } = require('@descent/core');
const { lineChart } = require('../lib/plot/line-chart');
const { seriesColor } = require('../lib/plot/palette');
const { slider, select } = require('./controls');

/** Starting values of each schedule's fields (required ones have no default in the core). */
const presets = {
  constant: {},
  step: { stepSize: 60, gamma: 0.3 },
  exponential: { gamma: 0.985 },
  inverseTime: { decayRate: 0.05 },
  polynomial: { decaySteps: 200, power: 2 },
  cosine: { decaySteps: 200 },
  cosineRestarts: { firstDecaySteps: 30, tMul: 2 },
  linear: { startFactor: 0.1, totalSteps: 50 },
  oneCycle: { maxLearningRate: 0.1, totalSteps: 300, pctStart: 0.3 },
  cyclic: { baseLearningRate: 0.01, maxLearningRate: 0.1, stepSizeUp: 40 },
};

/** The slider of each numeric schedule field the plotter offers. */
const fieldSliders = {
  stepSize: { label: 'step size', min: 1, max: 200, integer: true },
  gamma: { label: 'γ', min: 0.01, max: 1, step: 0.01 },
  decayRate: { label: 'decay rate', min: 0.001, max: 1, log: true },
  decaySteps: { label: 'decay steps', min: 1, max: 400, integer: true },
  power: { label: 'power', min: 0.25, max: 4, step: 0.05 },
  firstDecaySteps: { label: 'first cycle', min: 5, max: 200, integer: true },
  tMul: { label: 'cycle growth', min: 1, max: 3, integer: true },
  startFactor: { label: 'start factor', min: 0.01, max: 1, step: 0.01 },
  totalSteps: { label: 'total steps', min: 1, max: 400, integer: true },
  maxLearningRate: { label: 'max lr', min: 0.001, max: 1, log: true },
  baseLearningRate: { label: 'base lr', min: 0.0001, max: 0.1, log: true },
  pctStart: { label: 'warm-up fraction', min: 0.05, max: 0.95, step: 0.05 },
  stepSizeUp: { label: 'half cycle', min: 1, max: 200, integer: true },
};

/** Narrower ranges where a field means something else in one schedule: exponential decay's γ is a per-step factor. */
const typeSliders = {
  exponential: { gamma: { label: 'γ per step', min: 0.9, max: 1, step: 0.001 } },
};

/** The slider of field `name` of schedule `type`. */
function sliderFor(type, name) {
  return typeSliders[type]?.[name] ?? fieldSliders[name];
}

/**
 * One schedule of the plotter: a type and the sliders of its fields. `settings()` gives
 * them as the playground's URL reads them; with `url` false they neither read nor write it.
 */
function scheduleLane(id, type, onChange, { url = true } = {}) {
  const element = document.createElement('fieldset');
  element.className = 'lane';
  element.dataset.lane = id;
  const legend = document.createElement('legend');
  legend.textContent = `schedule ${id}`;
  const fields = document.createElement('div');
  let controls = [];
  const choice = select({ name: `schedule-${id}`, label: 'type', value: type, options: Object.keys(presets).map((t) => ({ value: t, label: t })), url }, () => {
    build();
    onChange();
  });
  const build = () => {
    const preset = presets[choice.value()];
    controls = Object.entries(preset)
      .filter(([name]) => name in fieldSliders)
      .map(([name, value]) => [name, slider({ name: `schedule-${id}-${name}`, value, ...sliderFor(choice.value(), name), url }, onChange)]);
    fields.replaceChildren(...controls.map(([, c]) => c.element));
  };
  build();
  const problem = document.createElement('p');
  problem.className = 'problem';
  problem.setAttribute('role', 'alert');
  element.append(legend, choice.element, fields, problem);
  const config = () => ({ ...presets[choice.value()], type: choice.value(), ...Object.fromEntries(controls.map(([n, c]) => [n, c.value()])) });
  /** Shows why the lane's settings are refused (a DescentError's message), or clears it. */
  const report = (message) => {
    problem.textContent = message;
  };
  const settings = () => Object.fromEntries([[`schedule-${id}`, choice.value()], ...controls.map(([n, c]) => [`schedule-${id}-${n}`, String(c.value())])]);
  return { element, config, report, settings };
}

/** The lane's schedule over `steps` steps from `lr0`, or its error message when the core refuses the settings. */
function laneCurve(config, steps, lr0) {
  try {
    const schedule = createSchedule(config);
    return { points: Array.from({ length: steps + 1 }, (_, k) => [k, schedule.valueAt(k, lr0)]), problem: '' };
  } catch (error) {
    if (error instanceof DescentError) return { points: [], problem: error.message };
    throw error;
  }
}

/**
 * The schedule plotter: two schedules from the core (`createSchedule(config).valueAt(k, lr0)`)
 * plotted over the steps, with the base learning rate and the number of steps as sliders.
 * Settings the core refuses draw no curve and show the error beside the lane.
 * @param {HTMLElement} root the panel's element (holds .settings, .lanes, .plot)
 */
function schedulePanel(root) {
  const plot = root.querySelector('.plot');
  const lr0 = slider({ name: 'lr0', label: 'base learning rate lr0', min: 0.001, max: 1, value: 0.1, log: true }, () => redraw());
  const total = slider({ name: 'schedule-steps', label: 'steps', min: 20, max: 1000, value: 300, integer: true }, () => redraw());
  root.querySelector('.settings').append(lr0.element, total.element);
  const lanes = [scheduleLane('1', 'step', () => redraw()), scheduleLane('2', 'cosineRestarts', () => redraw())];
  root.querySelector('.lanes').append(...lanes.map((l) => l.element));
  const redraw = () => {
    const series = lanes.map((lane, i) => {
      const config = lane.config();
      const { points, problem } = laneCurve(config, total.value(), lr0.value());
      lane.report(problem);
      return { label: `${lane.element.dataset.lane}: ${config.type}`, color: seriesColor(i), points };
    });
    plot.innerHTML = lineChart({ title: 'learning rate of step k', series, xLabel: 'step k', yLabel: 'learning rate', width: 760, height: 320 });
  };
  redraw();
}

module.exports = { schedulePanel, scheduleLane, laneCurve };
