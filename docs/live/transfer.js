'use strict';
/**
 * Live figure of the guide "Transfer learning": the guide's comparison, small enough for
 * the page (tfjs's cpu backend): a 784–128–64 network learns the sample's 300 digits 0–4,
 * then the new classes 5–9 are learned from a few digits each, from scratch, by linear
 * heads on its frozen last and first hidden layers, and by fine-tuning the first-layer
 * model; the test accuracy on 200 other digits 5–9 after every epoch.
 */
const tf = require('@tensorflow/tfjs');
const descent = require('@descent/tfjs');
const { decodeDigits } = require('../playground/digits');
const { smallTransfer, BASE, START } = require('../lib/transfer-sample');
const { transferChart } = require('../lib/plot/transfer-chart');
const { slider } = require('../playground/controls');
const { mountLive, playgroundHref } = require('./lib/mount');

mountLive('transfer', ({ controls, plots, link, status }) => {
  const sample = decodeDigits(require('descent:mnist-sample-small'));
  let run = 0;
  let ready = null;
  const restart = () => start();
  const perClass = slider({ name: 'transfer-per-class', label: 'new digits per class', min: 1, max: sample.train.length / 10, value: START.perClass, integer: true, url: false }, restart);
  const seed = slider({ name: 'transfer-seed', label: 'seed (new head, net from scratch)', min: 1, max: 5, value: START.seed, integer: true, url: false }, restart);
  const epochs = slider({ name: 'transfer-epochs', label: 'epochs on the new digits', min: 5, max: 60, value: START.epochs, integer: true, url: false }, restart);
  controls.append(perClass.element, seed.element, epochs.element);
  const plot = plots.appendChild(Object.assign(document.createElement('div'), { className: 'plot live-accuracy' }));
  link.href = playgroundHref({ 'network-engine': 'tfjs', 'train-per-class': 5 }, 'network');

  async function start() {
    const id = ++run;
    status.dataset.done = 'false';
    try {
      if (!ready) {
        status.textContent = `training the base network on the sample's digits 0–4 (${BASE.epochs} epochs)…`;
        ready = tf.setBackend('cpu').then(() => smallTransfer(tf, descent, sample));
      }
      const transfer = await ready;
      if (id !== run) return;
      const settings = { perClass: perClass.value(), seed: seed.value(), epochs: epochs.value() };
      const about = { perClass: settings.perClass, testDigits: transfer.testDigits };
      status.textContent = `base: ${(100 * transfer.baseAccuracy).toFixed(1)}% on its ${transfer.baseDigits} digits 0–4; training on ${5 * settings.perClass} new digits…`;
      const { final, curves } = await transfer.compare(settings, async (_method, epoch, sofar) => {
        if (epoch % 5 === 0) {
          plot.innerHTML = transferChart(sofar, about, { width: 560, height: 360 });
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        return id === run;
      });
      if (id !== run) return;
      plot.innerHTML = transferChart(curves, about, { width: 560, height: 360 });
      const percent = (v) => `${(100 * v).toFixed(1)}%`;
      Object.assign(status.dataset, { done: 'true', ...Object.fromEntries(Object.entries(final).map(([k, v]) => [k, String(v)])) });
      status.textContent = `${settings.perClass} per class, seed ${settings.seed}: from scratch ${percent(final.scratch)}, head on the last hidden layer ${percent(final.last)}, on the first ${percent(final.first)}, fine-tuned ${percent(final.fineTuned)}`;
    } catch (error) {
      if (id === run) status.textContent = error.message;
    }
  }
  start();
});
