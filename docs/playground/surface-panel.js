'use strict';
const { surfaces, illConditioned } = require('../lib/surfaces');
const { runTrajectory, runLbfgsTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { seriesColor } = require('../lib/plot/palette');
const { slider, select } = require('./controls');
const { ruleLane } = require('./rule-lane');

/** The optimizers shown at first: the lecture's SGD, momentum and Adam. */
const initialLanes = [
  { id: 'A', initial: { type: 'sgd', learningRate: 0.09 }, enabled: true },
  { id: 'B', initial: { type: 'sgd', learningRate: 0.02, momentum: 0.9 }, enabled: true },
  { id: 'C', initial: { type: 'adam', learningRate: 0.1 }, enabled: true },
  { id: 'D', initial: { type: 'rmsprop', learningRate: 0.05 }, enabled: false },
];

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
 * The trajectory panel: a surface, gradient noise and a step count, and up to four
 * optimizers run on it side by side, drawn over the surface's contours with their loss
 * curves beside. Redraws on every change; "Replay" animates the runs step by step.
 * @param {HTMLElement} root the panel's element (holds .settings, .lanes, .plots)
 */
function surfacePanel(root) {
  const settings = root.querySelector('.settings');
  const lanesBox = root.querySelector('.lanes');
  const [surfacePlot, lossPlot] = root.querySelectorAll('.plot');
  let runs = [];
  let animation = 0;

  const surfaceChoice = select({ name: 'surface', label: 'surface', value: 'quadratic', options: [
    { value: 'quadratic', label: 'ill-conditioned quadratic' }, { value: 'saddle', label: 'saddle' }, { value: 'rosenbrock', label: 'Rosenbrock' },
  ] }, () => redraw());
  const condition = slider({ name: 'condition', label: 'condition number κ', min: 1, max: 100, value: 20, log: true, integer: true }, () => redraw());
  const noise = slider({ name: 'noise', label: 'gradient noise σ', min: 0, max: 5, step: 0.1, value: 0 }, () => redraw());
  const steps = slider({ name: 'steps', label: 'steps', min: 10, max: 500, value: 100, integer: true }, () => redraw());
  settings.append(surfaceChoice.element, condition.element, noise.element, steps.element);
  const lanes = initialLanes.map((lane) => ruleLane(lane, () => redraw()));
  lanesBox.append(...lanes.map((l) => l.element));

  const currentSurface = () => (surfaceChoice.value() === 'quadratic' ? illConditioned(condition.value()) : surfaces[surfaceChoice.value()]());

  /** Draws the runs truncated to `upTo` steps. */
  const draw = (surface, upTo) => {
    const floor = minimumLoss(surface);
    const shown = runs.map((r) => ({ ...r, path: r.path.slice(0, upTo + 1), losses: r.losses.slice(0, upTo + 1) }));
    surfacePlot.innerHTML = contourChart({ surface, trajectories: shown, width: 500, height: 400 });
    lossPlot.innerHTML = lineChart({
      title: 'loss − minimum',
      series: shown.map((r) => ({ label: r.label, color: r.color, points: r.losses.map((l, k) => [k, Math.max(l - floor, 1e-12)]) })),
      xLabel: 'step',
      logY: true,
      width: 380,
      height: 400,
    });
    surfacePlot.dataset.steps = String(upTo);
  };

  const redraw = () => {
    cancelAnimationFrame(animation);
    condition.element.hidden = surfaceChoice.value() !== 'quadratic';
    const surface = currentSurface();
    const run = { steps: steps.value(), noise: noise.value(), seed: 1 };
    runs = runLanes(surface, lanes, run);
    draw(surface, run.steps);
  };

  const replay = () => {
    cancelAnimationFrame(animation);
    const surface = currentSurface();
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
  redraw();
}

module.exports = { surfacePanel, runLanes };
