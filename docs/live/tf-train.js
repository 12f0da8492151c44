'use strict';
/**
 * Live figure of the guide "Coming from tf.train": on tfjs's cpu backend in the page, the
 * chosen `tf.train` factory, descent's `train` factory with the same arguments and
 * descent's own factory at the same learning rate, run on the guide's least-squares
 * problem; the loss per step of each, and how far their weights get from tf.train's.
 */
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { tfTrainRuns, minimumLoss } = require('../lib/tf-train-runs');
const { tfTrainChart, gapText } = require('../lib/plot/tf-train-chart');
const { slider, select } = require('../playground/controls');
const { mountLive, playgroundHref } = require('./lib/mount');

mountLive('tf-train', ({ controls, plots, link, status }) => {
  let ready = false;
  const redraw = () => ready && draw();
  const factory = select({ name: 'tf-train-factory', label: 'tf.train factory', value: 'rmsprop', url: false, options: Object.keys(descent.train).map((name) => ({ value: name, label: `tf.train.${name}` })) }, redraw);
  const learningRate = slider({ name: 'tf-train-learningRate', label: 'learning rate', min: 1e-3, max: 1, value: 0.01, log: true, url: false }, redraw);
  const steps = slider({ name: 'tf-train-steps', label: 'steps', min: 10, max: 300, value: 100, integer: true, url: false }, redraw);
  controls.append(factory.element, learningRate.element, steps.element);
  const plot = plots.appendChild(Object.assign(document.createElement('div'), { className: 'plot live-losses' }));
  const floor = minimumLoss();
  status.textContent = 'starting tfjs (cpu backend)…';

  const draw = () => {
    const settings = { factory: factory.value(), learningRate: learningRate.value(), steps: steps.value() };
    const runs = tfTrainRuns(tf, descent, settings);
    plot.innerHTML = tfTrainChart(settings, runs, floor, { width: 560, height: 360 });
    Object.assign(status.dataset, { gapTrain: String(runs.gap.train), gapOwn: String(runs.gap.own) });
    status.textContent = `tfjs ${tf.getBackend()} backend, ${settings.steps} steps: largest weight gap to tf.train.${settings.factory} ${gapText(runs.gap.train)} for train.${settings.factory}, ${gapText(runs.gap.own)} for descent's own factory`;
    const rule = settings.factory === 'momentum' ? { 'A-rule': 'sgd', 'A-momentum': 0.9 } : { 'A-rule': settings.factory };
    link.href = playgroundHref({ ...rule, 'A-learningRate': settings.learningRate, 'B-on': '0', 'C-on': '0', 'D-on': '0', steps: settings.steps }, 'surfaces');
  };
  link.href = playgroundHref({ 'A-rule': 'rmsprop', 'A-learningRate': 0.01 }, 'surfaces');
  tf.setBackend('cpu')
    .then(() => {
      ready = true;
      draw();
    })
    .catch((error) => {
      status.textContent = error.message;
    });
});
