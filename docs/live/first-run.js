'use strict';
/**
 * Live figure of the guide "Getting started": its first tfjs program, trained in the page
 * (tfjs's cpu backend) with the rule, learning rate, schedule and epochs chosen, its loss
 * per epoch drawn as it trains beside the program's own run (Adam at 0.05, cosine).
 */
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { ruleTypes } = require('@descent/core');
const { xorLosses, SNIPPET } = require('../lib/xor-tfjs');
const { xorLossChart, xorRunLabel } = require('../lib/plot/xor-loss-chart');
const { slider, select, checkbox } = require('../playground/controls');
const { mountLive, playgroundHref } = require('./lib/mount');

mountLive('first-run', ({ controls, plots, link, status }) => {
  let run = 0;
  const restart = () => start();
  const rule = select({ name: 'first-rule', label: 'rule', value: SNIPPET.rule, url: false, options: ruleTypes.map((type) => ({ value: type, label: type })) }, restart);
  const learningRate = slider({ name: 'first-learningRate', label: 'learning rate', min: 1e-3, max: 1, value: SNIPPET.learningRate, log: true, url: false }, restart);
  const cosine = checkbox({ name: 'first-cosine', label: 'cosine schedule over the epochs', checked: SNIPPET.cosine, url: false }, restart);
  const epochs = slider({ name: 'first-epochs', label: 'epochs', min: 20, max: 400, value: SNIPPET.epochs, integer: true, url: false }, restart);
  controls.append(rule.element, learningRate.element, cosine.element, epochs.element);
  const plot = plots.appendChild(Object.assign(document.createElement('div'), { className: 'plot live-losses' }));
  /** The program's own run, trained once. */
  let snippet = null;
  /** tfjs's cpu backend starting, once. */
  let cpu = null;

  const show = (settings, losses) => {
    const runs = [{ settings, losses }];
    if (snippet && xorRunLabel(settings) !== xorRunLabel(SNIPPET)) runs.push({ settings: SNIPPET, losses: snippet.losses, dash: '5 4', label: `the program: ${xorRunLabel(SNIPPET)}` });
    plot.innerHTML = xorLossChart(runs, { width: 560, height: 340 });
  };

  async function start() {
    const id = ++run;
    const settings = { rule: rule.value(), learningRate: learningRate.value(), cosine: cosine.value(), epochs: epochs.value() };
    link.href = playgroundHref({ 'network-engine': 'tfjs', 'network-rule': settings.rule, 'network-lr': settings.learningRate }, 'network');
    status.dataset.done = 'false';
    status.textContent = `training ${xorRunLabel(settings)}…`;
    try {
      cpu ??= tf.setBackend('cpu');
      await cpu;
      const result = await xorLosses(tf, descent, settings, (losses) => {
        if (losses.length % 10 === 0) show(settings, losses);
        return id === run;
      });
      if (id !== run) return;
      if (xorRunLabel(settings) === xorRunLabel(SNIPPET) && settings.epochs === SNIPPET.epochs) snippet = result;
      show(settings, result.losses);
      Object.assign(status.dataset, { done: 'true', loss: String(result.losses.at(-1)) });
      status.textContent = `after ${result.losses.length} epochs: loss ${result.losses.at(-1).toPrecision(3)}, outputs ${result.predictions.map((p) => p.toFixed(2)).join(' ')} for 00 01 10 11 (XOR: 0 1 1 0)`;
    } catch (error) {
      if (id !== run) return;
      status.textContent = error.message;
    }
  }
  start();
});
