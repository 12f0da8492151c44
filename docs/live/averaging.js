'use strict';
/**
 * Live figure of the guide "Ensembles, snapshots and Polyak averaging": noisy SGD on
 * ½(x² + 20y²) and the core's exponential and Polyak averages of its iterates (the
 * optimizer's `average` option), their paths and losses.
 */
const { illConditioned } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { slider } = require('../playground/controls');
const { mountLive, playgroundHref } = require('./lib/mount');

mountLive('averaging', ({ controls, plots, link }) => {
  const redraw = () => draw();
  const rate = slider({ name: 'learningRate', label: 'learning rate', min: 0.001, max: 0.1, value: 0.05, log: true, url: false }, redraw);
  const noise = slider({ name: 'noise', label: 'gradient noise σ', min: 0, max: 5, step: 0.1, value: 3, url: false }, redraw);
  const decay = slider({ name: 'decay', label: 'EMA decay β', min: 0.5, max: 0.999, step: 0.001, value: 0.95, url: false }, redraw);
  const steps = slider({ name: 'steps', label: 'steps', min: 20, max: 500, value: 300, integer: true, url: false }, redraw);
  controls.append(rate.element, noise.element, decay.element, steps.element);
  const [paths, losses] = ['live-paths', 'live-losses'].map((className) => plots.appendChild(Object.assign(document.createElement('div'), { className: `plot ${className}` })));
  const surface = illConditioned(20);
  const gradient = new Float64Array(2);

  const draw = () => {
    const rule = { type: 'sgd', learningRate: rate.value() };
    const run = { steps: steps.value(), noise: noise.value(), seed: 4 };
    const ema = runTrajectory(surface, { rule, average: { type: 'ema', decay: decay.value() } }, run);
    const polyak = runTrajectory(surface, { rule, average: { type: 'polyak' } }, run);
    const lines = [
      { label: 'SGD iterate', path: ema.path },
      { label: `EMA, β ${decay.value()}`, path: ema.average },
      { label: 'Polyak (running mean)', path: polyak.average },
    ];
    paths.innerHTML = contourChart({ title: `noisy SGD and its averages, ${steps.value()} steps`, surface, trajectories: lines, width: 440, height: 360 });
    losses.innerHTML = lineChart({
      title: 'loss of each',
      series: lines.map((l) => ({ label: l.label, points: l.path.map((p, k) => [k, Math.max(surface.objective.evaluate(Float64Array.from(p), gradient), 1e-12)]) })),
      xLabel: 'step',
      logY: true,
      width: 380,
      height: 360,
    });
    link.href = playgroundHref({ surface: 'quadratic', condition: 20, noise: noise.value(), steps: steps.value(), 'A-on': true, 'A-rule': 'sgd', 'A-learningRate': rate.value(), 'A-momentum': 0, 'A-nesterov': false, 'B-on': false, 'C-on': false, 'D-on': false }, 'surfaces');
  };
  draw();
});
