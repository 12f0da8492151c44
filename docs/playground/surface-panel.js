'use strict';
const { surfaces, illConditioned } = require('../lib/surfaces');
const { runTrajectory, runLbfgsTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { seriesColor } = require('../lib/plot/palette');
const { slider, select } = require('./controls');
const { ruleLane, laneFields, laneLabel } = require('./rule-lane');

/** The optimizers shown at first: the lecture's SGD, momentum and Adam. */
const initialLanes = [
  { id: 'A', initial: { type: 'sgd', learningRate: 0.09 }, enabled: true },
  { id: 'B', initial: { type: 'sgd', learningRate: 0.02, momentum: 0.9 }, enabled: true },
  { id: 'C', initial: { type: 'adam', learningRate: 0.1 }, enabled: true },
  { id: 'D', initial: { type: 'rmsprop', learningRate: 0.05 }, enabled: false },
];

/** The panel's other settings at first: the surface, its condition number, the gradient noise and the steps. */
const initialSettings = { surface: 'quadratic', condition: 20, noise: 0, steps: 100 };

/** The surface of the panel's settings. */
function surfaceOf({ surface, condition }) {
  return surface === 'quadratic' ? illConditioned(condition) : surfaces[surface]();
}

/** The loss at the surface's minimum, so losses can be drawn as a gap on a log axis. */
function minimumLoss(surface) {
  return surface.objective.evaluate(surface.minimum, new Float64Array(2));
}

/** Runs one lane on the surface: the core's first-order optimizer, or its L-BFGS with the strong-Wolfe line search. */
function runLane(surface, config, run) {
  if (config.type === 'lbfgs') return runLbfgsTrajectory(surface, { ...config, lineSearch: 'strongWolfe' }, run);
  return runTrajectory(surface, { rule: config }, run);
}

/**
 * Runs every enabled lane on the surface, each labelled and coloured by its place; a lane
 * whose settings the core refuses shows the error beside it and draws nothing.
 * @param {import('../lib/surfaces').Surface} surface
 * @param {ReturnType<typeof import('./rule-lane').ruleLane>[]} lanes
 * @param {{ steps: number, noise: number, seed: number }} run
 */
function runLanes(surface, lanes, run) {
  const runs = [];
  for (const [index, lane] of lanes.entries()) {
    lane.showError(null);
    if (!lane.enabled()) continue;
    try {
      runs.push({ label: lane.label(), color: seriesColor(index), ...runLane(surface, lane.config(), run) });
    } catch (error) {
      lane.showError(error.message);
    }
  }
  return runs;
}

/**
 * The panel's two charts for `runs` truncated to `upTo` steps: the contours with the paths,
 * and the loss above the minimum per step.
 * @returns {{ surface: string, loss: string }} SVG documents
 */
function surfaceCharts(surface, runs, upTo) {
  const floor = minimumLoss(surface);
  const shown = runs.map((r) => ({ ...r, path: r.path.slice(0, upTo + 1), losses: r.losses.slice(0, upTo + 1) }));
  return {
    surface: contourChart({ surface, trajectories: shown, width: 500, height: 400 }),
    loss: lineChart({
      title: 'loss − minimum',
      series: shown.map((r) => ({ label: r.label, color: r.color, points: r.losses.map((l, k) => [k, Math.max(l - floor, 1e-12)]) })),
      xLabel: 'step',
      logY: true,
      width: 380,
      height: 400,
    }),
  };
}

/** A text naming everything the panel's drawing depends on: its settings and each lane's state. */
function frameKey(settings, lanes) {
  return JSON.stringify({ ...settings, lanes: lanes.map(({ id, enabled, config }) => (enabled ? { id, ...config } : { id })) });
}

/**
 * The panel as it first looks, drawn ahead (the docs build puts it in the page, so the
 * surface shows before any script runs): its key (`frameKey`), the two charts and the steps.
 */
function firstFrame() {
  const lanes = initialLanes.map(({ id, initial, enabled }) => ({ id, enabled, config: { type: initial.type, ...Object.fromEntries(laneFields(initial.type, initial)) } }));
  const surface = surfaceOf(initialSettings);
  const runs = lanes.flatMap((lane, index) => (lane.enabled ? [{ label: laneLabel(lane.id, lane.config), color: seriesColor(index), ...runLane(surface, lane.config, { steps: initialSettings.steps, noise: initialSettings.noise, seed: 1 }) }] : []));
  return { key: frameKey(initialSettings, lanes), ...surfaceCharts(surface, runs, initialSettings.steps), steps: initialSettings.steps };
}

/**
 * The trajectory panel: a surface, gradient noise and a step count, and up to four
 * optimizers run on it side by side, drawn over the surface's contours with their loss
 * curves beside. Redraws on every change; "Replay" animates the runs step by step. When the
 * page holds the first frame drawn ahead (`data-frame`, see `firstFrame`) and the controls
 * (from the URL) still match it, nothing is computed until a control moves.
 * @param {HTMLElement} root the panel's element (holds .settings, .lanes, .plots)
 */
function surfacePanel(root) {
  const settings = root.querySelector('.settings');
  const lanesBox = root.querySelector('.lanes');
  const [surfacePlot, lossPlot] = root.querySelectorAll('.plot');
  let runs = null;
  let animation = 0;

  const surfaceChoice = select({ name: 'surface', label: 'surface', value: initialSettings.surface, options: [
    { value: 'quadratic', label: 'ill-conditioned quadratic' }, { value: 'saddle', label: 'saddle' }, { value: 'rosenbrock', label: 'Rosenbrock' },
  ] }, () => redraw());
  const condition = slider({ name: 'condition', label: 'condition number κ', min: 1, max: 100, value: initialSettings.condition, log: true, integer: true }, () => redraw());
  const noise = slider({ name: 'noise', label: 'gradient noise σ', min: 0, max: 5, step: 0.1, value: initialSettings.noise }, () => redraw());
  const steps = slider({ name: 'steps', label: 'steps', min: 10, max: 500, value: initialSettings.steps, integer: true }, () => redraw());
  settings.append(surfaceChoice.element, condition.element, noise.element, steps.element);
  const lanes = initialLanes.map((lane) => ruleLane(lane, () => redraw()));
  lanesBox.append(...lanes.map((l) => l.element));

  const current = () => ({ surface: surfaceChoice.value(), condition: condition.value(), noise: noise.value(), steps: steps.value() });

  /** Draws the runs truncated to `upTo` steps. */
  const draw = (surface, upTo) => {
    const charts = surfaceCharts(surface, runs, upTo);
    surfacePlot.innerHTML = charts.surface;
    lossPlot.innerHTML = charts.loss;
    surfacePlot.dataset.steps = String(upTo);
  };

  const redraw = () => {
    cancelAnimationFrame(animation);
    delete surfacePlot.dataset.frame;
    const surface = surfaceOf(current());
    const run = { steps: steps.value(), noise: noise.value(), seed: 1 };
    runs = runLanes(surface, lanes, run);
    draw(surface, run.steps);
  };

  const replay = () => {
    cancelAnimationFrame(animation);
    if (runs === null) redraw();
    const surface = surfaceOf(current());
    const total = steps.value();
    const started = performance.now();
    const frame = (now) => {
      const upTo = Math.min(total, Math.round(((now - started) / 3000) * total));
      draw(surface, upTo);
      if (upTo < total) animation = requestAnimationFrame(frame);
    };
    animation = requestAnimationFrame(frame);
  };
  root.querySelector('button.replay').addEventListener('click', replay);
  condition.element.hidden = surfaceChoice.value() !== 'quadratic';
  const state = frameKey(current(), lanes.map((lane) => ({ id: lane.element.dataset.lane, enabled: lane.enabled(), config: lane.config() })));
  if (surfacePlot.dataset.frame !== state) redraw();
}

module.exports = { surfacePanel, runLanes, firstFrame };
