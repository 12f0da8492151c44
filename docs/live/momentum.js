'use strict';
/**
 * Live figure of the guide "Momentum and Nesterov": SGD and SGD with momentum on
 * ½(x² + κy²), the error of the momentum run along each eigen-direction, and the
 * convergence-rate map over (α, ρ) with its regions, all run by @descent/core in the page.
 * Clicking the map picks (α, ρ).
 */
const { illConditioned } = require('../lib/surfaces');
const { runTrajectory } = require('../lib/trajectory');
const { errorByDirection, rateMap, convergenceRate } = require('../lib/rate-map');
const { contourChart } = require('../lib/plot/contour-chart');
const { lineChart } = require('../lib/plot/line-chart');
const { rateMapChart } = require('../lib/plot/rate-map-chart');
const { slider, checkbox } = require('../playground/controls');
const { mountLive, playgroundHref } = require('./lib/mount');

/** The map's α axis reaches past heavy ball's stability limit 2(1 + ρ)/κ. */
const mapReach = (kappa) => 4.4 / kappa;
const MAX_MOMENTUM = 0.99;

mountLive('momentum', ({ controls, plots, link, status }) => {
  const redraw = () => draw();
  const kappa = slider({ name: 'condition', label: 'condition number κ', min: 1, max: 100, value: 20, log: true, integer: true, url: false }, redraw);
  const alpha = slider({ name: 'learningRate', label: 'learning rate α', min: 0.001, max: 1, value: 0.03, log: true, url: false }, redraw);
  const rho = slider({ name: 'momentum', label: 'momentum ρ', min: 0, max: MAX_MOMENTUM, step: 0.01, value: 0.8, url: false }, redraw);
  const nesterov = checkbox({ name: 'nesterov', label: 'Nesterov', checked: false, url: false }, redraw);
  const steps = slider({ name: 'steps', label: 'steps', min: 10, max: 300, value: 60, integer: true, url: false }, redraw);
  controls.append(kappa.element, alpha.element, rho.element, nesterov.element, steps.element);
  const [paths, errors, map] = ['live-paths', 'live-errors', 'live-map'].map((className) => plots.appendChild(Object.assign(document.createElement('div'), { className: `plot ${className}` })));

  let cached = { key: '', cells: [] };
  /** The rate map is recomputed only when κ or Nesterov change (α and ρ only move the marker). */
  const cellsFor = (conditionNumber, isNesterov) => {
    const key = `${conditionNumber}/${isNesterov}`;
    if (cached.key !== key) cached = { key, cells: rateMap({ conditionNumber, maxLearningRate: mapReach(conditionNumber), maxMomentum: MAX_MOMENTUM, nesterov: isNesterov }) };
    return cached.cells;
  };

  const draw = () => {
    const surface = illConditioned(kappa.value());
    const rule = { type: 'sgd', learningRate: alpha.value(), momentum: rho.value(), nesterov: nesterov.value() };
    const run = { steps: steps.value() };
    const name = nesterov.value() ? 'Nesterov' : 'momentum';
    const sgd = { label: 'SGD', ...runTrajectory(surface, { rule: { type: 'sgd', learningRate: alpha.value() } }, run) };
    const heavy = { label: `${name} ρ ${rho.value()}`, ...runTrajectory(surface, { rule }, run) };
    paths.innerHTML = contourChart({ title: `α ${alpha.value()} on ½(x² + ${kappa.value()}y²)`, surface, trajectories: [sgd, heavy], width: 420, height: 340 });
    const split = [sgd, heavy].map((r) => errorByDirection(r.path));
    errors.innerHTML = lineChart({
      title: 'error along each eigen-direction',
      series: [
        { label: 'SGD, x (curvature 1)', points: split[0].slow, dash: '5 3' },
        { label: `SGD, y (curvature ${kappa.value()})`, points: split[0].fast, dash: '5 3' },
        { label: `${name}, x`, points: split[1].slow },
        { label: `${name}, y`, points: split[1].fast },
      ].map((s, i) => ({ ...s, color: ['#0072B2', '#D55E00'][i % 2], points: s.points.map(([k, e]) => [k, Math.max(e, 1e-12)]) })),
      xLabel: 'step',
      logY: true,
      width: 420,
      height: 340,
    });
    const reach = mapReach(kappa.value());
    map.innerHTML = rateMapChart({
      title: `convergence rate per step, κ ${kappa.value()}${nesterov.value() ? ', Nesterov' : ''}`,
      cells: cellsFor(kappa.value(), nesterov.value()),
      maxLearningRate: reach,
      maxMomentum: MAX_MOMENTUM,
      marker: { learningRate: Math.min(alpha.value(), reach), momentum: rho.value() },
    });
    const here = convergenceRate({ conditionNumber: kappa.value(), learningRate: alpha.value(), momentum: rho.value(), nesterov: nesterov.value() });
    status.dataset.region = here.region;
    status.textContent = here.region === 'divergent'
      ? `At α ${alpha.value()}, ρ ${rho.value()} the run diverges.`
      : `At α ${alpha.value()}, ρ ${rho.value()}: ${here.region}, the worse direction's error shrinks by ${here.rate.toFixed(3)} per step.`;
    link.href = playgroundHref({
      surface: 'quadratic', condition: kappa.value(), steps: steps.value(), noise: 0,
      'A-on': true, 'A-rule': 'sgd', 'A-learningRate': alpha.value(), 'A-momentum': 0, 'A-nesterov': false,
      'B-on': true, 'B-rule': 'sgd', 'B-learningRate': alpha.value(), 'B-momentum': rho.value(), 'B-nesterov': nesterov.value(),
      'C-on': false, 'D-on': false,
    }, 'surfaces');
  };

  map.addEventListener('click', (event) => {
    const svg = map.querySelector('svg');
    const cells = svg.querySelector('.cells').getBBox();
    const box = svg.getBoundingClientRect();
    const scale = svg.viewBox.baseVal.width / box.width;
    const fx = ((event.clientX - box.left) * scale - cells.x) / cells.width;
    const fy = 1 - ((event.clientY - box.top) * scale - cells.y) / cells.height;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return;
    rho.set(Number((fy * MAX_MOMENTUM).toFixed(2)));
    alpha.set(fx * mapReach(kappa.value()));
  });
  draw();
});
