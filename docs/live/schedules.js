'use strict';
/**
 * Live figure of the guide "Learning-rate schedules": two schedules from @descent/core's
 * createSchedule, their learning rate per step, and SGD with noisy gradients on ½(x² + 20y²)
 * under each (mean loss over 8 seeds, run by the core). Settings the core refuses show their
 * DescentError beside the schedule and draw nothing.
 */
const { illConditioned } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { lineChart } = require('../lib/plot/line-chart');
const { seriesColor } = require('../lib/plot/palette');
const { slider } = require('../playground/controls');
const { scheduleLane, laneCurve } = require('../playground/schedule-panel');
const { mountLive, playgroundHref } = require('./lib/mount');

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** Mean loss per step of noisy SGD under `schedule` over the seeds. */
function meanLoss(surface, schedule, learningRate, steps, noise) {
  const runs = SEEDS.map((seed) => runTrajectory(surface, { rule: { type: 'sgd', learningRate }, schedule }, { steps, noise, seed }).losses);
  return runs[0].map((_, k) => runs.reduce((sum, losses) => sum + (losses[k] ?? Infinity), 0) / runs.length);
}

mountLive('schedules', ({ controls, plots, link }) => {
  const redraw = () => draw();
  const lr0 = slider({ name: 'lr0', label: 'base learning rate lr0', min: 0.001, max: 0.1, value: 0.08, log: true, url: false }, redraw);
  const total = slider({ name: 'schedule-steps', label: 'steps', min: 20, max: 600, value: 300, integer: true, url: false }, redraw);
  const noise = slider({ name: 'noise', label: 'gradient noise σ', min: 0, max: 5, step: 0.1, value: 2, url: false }, redraw);
  const lanes = [scheduleLane('1', 'constant', redraw, { url: false }), scheduleLane('2', 'cosine', redraw, { url: false })];
  const lanesBox = Object.assign(document.createElement('div'), { className: 'lanes' });
  lanesBox.append(...lanes.map((l) => l.element));
  controls.append(lr0.element, total.element, noise.element, lanesBox);
  const [rates, losses] = ['live-rates', 'live-losses'].map((className) => plots.appendChild(Object.assign(document.createElement('div'), { className: `plot ${className}` })));
  const surface = illConditioned(20);

  const draw = () => {
    const curves = [];
    const lossSeries = [];
    lanes.forEach((lane, i) => {
      const config = lane.config();
      const { points, problem } = laneCurve(config, total.value(), lr0.value());
      lane.report(problem);
      const label = `${lane.element.dataset.lane}: ${config.type}`;
      curves.push({ label, color: seriesColor(i), points });
      if (problem) return;
      const mean = meanLoss(surface, config, lr0.value(), total.value(), noise.value());
      lossSeries.push({ label, color: seriesColor(i), points: mean.map((l, k) => [k, Math.max(l, 1e-12)]) });
    });
    rates.innerHTML = lineChart({ title: 'learning rate of step k', series: curves, xLabel: 'step k', width: 400, height: 320 });
    losses.innerHTML = lineChart({ title: `SGD, noise σ ${noise.value()}: mean loss of ${SEEDS.length} seeds`, series: lossSeries, xLabel: 'step', logY: true, width: 400, height: 320 });
    link.href = playgroundHref({ lr0: lr0.value(), 'schedule-steps': total.value(), ...lanes[0].settings(), ...lanes[1].settings() }, 'schedules');
  };
  draw();
});
