'use strict';
/**
 * Live figure of the guide "brain.js nets with descent": a brain.js 2–8–1 net trained on
 * XOR by @descent/brain's `train` in the page, with dropout on its hidden units at the
 * chosen rate and the chosen rule (or brain.js's own): the error the trainer reports (at
 * inference, what `errorThresh` sees) and the error with units dropped, per epoch.
 */
const { ruleTypes } = require('@descent/core');
const { xorWithDropout } = require('../lib/xor-dropout');
const { xorDropoutChart } = require('../lib/plot/xor-dropout-chart');
const { slider, select } = require('../playground/controls');
const { mountLive, playgroundHref } = require('./lib/mount');

/** The select's value for "no optimizer option": brain.js's rule as the trainer says it. */
const BRAIN_RULE = 'brain.js';

mountLive('xor-dropout', ({ controls, plots, link, status }) => {
  const redraw = () => draw();
  const rate = slider({ name: 'xor-dropout', label: 'dropout rate p (0: none)', min: 0, max: 0.8, step: 0.05, value: 0.5, url: false }, redraw);
  const rule = select({ name: 'xor-rule', label: 'rule', value: 'adam', url: false, options: [
    { value: BRAIN_RULE, label: 'brain.js\'s own (no optimizer option)' }, ...ruleTypes.map((type) => ({ value: type, label: type })),
  ] }, redraw);
  const learningRate = slider({ name: 'xor-learningRate', label: 'learning rate (a descent rule)', min: 1e-3, max: 1, value: 0.05, log: true, url: false }, redraw);
  const threshold = slider({ name: 'xor-errorThresh', label: 'errorThresh', min: 1e-3, max: 0.1, value: 0.01, log: true, url: false }, redraw);
  controls.append(rate.element, rule.element, learningRate.element, threshold.element);
  const plot = plots.appendChild(Object.assign(document.createElement('div'), { className: 'plot live-errors' }));

  const draw = () => {
    learningRate.element.hidden = rule.value() === BRAIN_RULE;
    const settings = {
      rate: rate.value(),
      errorThresh: threshold.value(),
      optimizer: rule.value() === BRAIN_RULE ? undefined : { type: rule.value(), learningRate: learningRate.value() },
    };
    try {
      const run = xorWithDropout(settings);
      plot.innerHTML = xorDropoutChart(settings, run, { width: 560, height: 360 });
      const last = (points) => points.at(-1)?.[1];
      Object.assign(status.dataset, { iterations: String(run.iterations), error: String(run.error), dropped: String(last(run.dropped) ?? '') });
      status.textContent = settings.rate > 0
        ? `after ${run.iterations} epochs: error ${run.error.toPrecision(3)} at inference, ${last(run.dropped)?.toPrecision(3)} with units dropped`
        : `after ${run.iterations} epochs: error ${run.error.toPrecision(3)} (no dropout)`;
    } catch (error) {
      plot.replaceChildren();
      status.textContent = error.message;
      status.dataset.iterations = '';
    }
    link.href = playgroundHref({ 'network-engine': 'brain', 'network-rule': settings.optimizer?.type ?? 'rmsprop', 'network-lr': settings.optimizer?.learningRate ?? 0.01, dropout: settings.rate > 0, 'dropout-rate': Math.max(settings.rate, 0.05) }, 'network');
  };
  draw();
});
