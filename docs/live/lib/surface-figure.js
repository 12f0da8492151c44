'use strict';
const { surfaces, illConditioned } = require('../../lib/surfaces');
const { runLanes } = require('../../playground/surface-panel');
const { contourChart } = require('../../lib/plot/contour-chart');
const { lineChart } = require('../../lib/plot/line-chart');
const { slider, select } = require('../../playground/controls');
const { ruleLane } = require('../../playground/rule-lane');
const { mountLive, playgroundHref } = require('./mount');

/** The playground's optimizer lanes; those a figure lacks are switched off in its link. */
const PLAYGROUND_LANES = ['A', 'B', 'C', 'D'];

/**
 * A live figure of optimizers on a loss surface, like the playground's surface panel in a
 * guide: surface, gradient noise and steps, and the given optimizer lanes (each with the
 * rule's own fields; a refused setting shows its DescentError beside the lane), the paths
 * over the contours and the losses beside, run by @descent/core.
 * @param {string} name the live figure's name
 * @param {{ surface?: string, condition?: number, noise?: number, steps?: number,
 *   lanes: { id: string, initial: { type: string } & Record<string, number | boolean>, enabled: boolean }[] }} initial
 */
function surfaceFigure(name, { surface = 'quadratic', condition = 20, noise = 0, steps = 100, lanes: laneSpecs }) {
  mountLive(name, ({ controls, plots, link }) => {
    const redraw = () => draw();
    const surfaceChoice = select({ name: 'surface', label: 'surface', value: surface, url: false, options: [
      { value: 'quadratic', label: 'ill-conditioned quadratic' }, { value: 'saddle', label: 'saddle' }, { value: 'rosenbrock', label: 'Rosenbrock' },
    ] }, redraw);
    const kappa = slider({ name: 'condition', label: 'condition number κ', min: 1, max: 100, value: condition, log: true, integer: true, url: false }, redraw);
    const sigma = slider({ name: 'noise', label: 'gradient noise σ', min: 0, max: 5, step: 0.1, value: noise, url: false }, redraw);
    const count = slider({ name: 'steps', label: 'steps', min: 10, max: 500, value: steps, integer: true, url: false }, redraw);
    const lanes = laneSpecs.map((spec) => ruleLane({ ...spec, url: false }, redraw));
    const lanesBox = Object.assign(document.createElement('div'), { className: 'lanes' });
    lanesBox.append(...lanes.map((l) => l.element));
    controls.append(surfaceChoice.element, kappa.element, sigma.element, count.element, lanesBox);
    const [paths, losses] = ['live-paths', 'live-losses'].map((className) => plots.appendChild(Object.assign(document.createElement('div'), { className: `plot ${className}` })));

    const draw = () => {
      kappa.element.hidden = surfaceChoice.value() !== 'quadratic';
      const current = surfaceChoice.value() === 'quadratic' ? illConditioned(kappa.value()) : surfaces[surfaceChoice.value()]();
      const run = { steps: count.value(), noise: sigma.value(), seed: 1 };
      const runs = runLanes(current, lanes, run);
      const floor = current.objective.evaluate(current.minimum, new Float64Array(2));
      paths.innerHTML = contourChart({ surface: current, trajectories: runs, width: 440, height: 380 });
      losses.innerHTML = lineChart({
        title: 'loss − minimum',
        series: runs.map((r) => ({ label: r.label, color: r.color, points: r.losses.map((l, k) => [k, Math.max(l - floor, 1e-12)]) })),
        xLabel: 'step',
        logY: true,
        width: 380,
        height: 380,
      });
      const settings = { surface: surfaceChoice.value(), condition: kappa.value(), noise: sigma.value(), steps: count.value() };
      for (const id of PLAYGROUND_LANES) settings[`${id}-on`] = '0';
      for (const lane of lanes) Object.assign(settings, lane.settings());
      link.href = playgroundHref(settings, 'surfaces');
    };
    draw();
  });
}

module.exports = { surfaceFigure };
