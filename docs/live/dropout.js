'use strict';
/**
 * Live figure of the guide "Regularization": the playground's brain.js network (784–64–10,
 * trained by @descent/brain on real MNIST digits in the page) without and with dropout at
 * the chosen rate, from the same seed; training and validation accuracy per epoch and the
 * gap between them. Training runs a few epochs per frame and restarts when a control moves.
 */
const { lineChart } = require('../lib/plot/line-chart');
const { slider } = require('../playground/controls');
const { decodeDigits } = require('../playground/digits');
const { brainNetwork } = require('../playground/brain-network');
const { mountLive, playgroundHref } = require('./lib/mount');

const COLORS = ['#0072B2', '#D55E00'];

mountLive('dropout', ({ controls, plots, link, status }) => {
  const data = decodeDigits(require('descent:mnist-sample-small'));
  const restart = () => start();
  const rate = slider({ name: 'dropout-rate', label: 'dropout rate p', min: 0.05, max: 0.8, step: 0.05, value: 0.5, url: false }, restart);
  const perClass = slider({ name: 'train-per-class', label: 'training digits per class', min: 5, max: data.train.length / 10, value: 10, integer: true, url: false }, restart);
  const epochs = slider({ name: 'epochs', label: 'epochs', min: 10, max: 200, value: 80, integer: true, url: false }, restart);
  controls.append(rate.element, perClass.element, epochs.element);
  const plot = plots.appendChild(Object.assign(document.createElement('div'), { className: 'plot live-accuracy' }));
  let run = 0;

  async function start() {
    const id = ++run;
    const train = data.train.filter((_, i) => i % (data.train.length / 10) < perClass.value());
    const settings = { train, rule: 'adam', learningRate: 0.003, l2: 0, seed: 7 };
    const nets = [
      { label: 'no dropout', network: brainNetwork({ ...settings, dropout: 0 }), train: [], validation: [] },
      { label: `dropout ${rate.value()}`, network: brainNetwork({ ...settings, dropout: rate.value() }), train: [], validation: [] },
    ];
    link.href = playgroundHref({ 'network-engine': 'brain', 'train-per-class': perClass.value(), epochs: epochs.value(), 'network-rule': 'adam', 'network-lr': 0.003, dropout: true, 'dropout-rate': rate.value(), l2: false, augment: false }, 'network');
    status.dataset.done = 'false';
    for (let epoch = 1; epoch <= epochs.value(); epoch++) {
      for (const net of nets) {
        await net.network.trainEpoch();
        net.train.push([epoch, await net.network.accuracy(train)]);
        net.validation.push([epoch, await net.network.accuracy(data.validation)]);
      }
      if (epoch % 5 === 0 || epoch === epochs.value()) {
        show(nets, epoch);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      if (id !== run) return;
    }
    status.dataset.done = 'true';
  }

  function show(nets, epoch) {
    plot.innerHTML = lineChart({
      title: 'accuracy per epoch: training (dashed) and validation',
      series: nets.flatMap((net, i) => [
        { label: `${net.label}, training`, color: COLORS[i], dash: '5 3', points: net.train },
        { label: `${net.label}, validation`, color: COLORS[i], points: net.validation },
      ]),
      xLabel: 'epoch',
      yDomain: [0, 1],
      width: 520,
      height: 340,
    });
    const gap = (net) => 100 * (net.train.at(-1)[1] - net.validation.at(-1)[1]);
    const validation = (net) => 100 * net.validation.at(-1)[1];
    Object.assign(status.dataset, { epoch: String(epoch), gapWithout: gap(nets[0]).toFixed(1), gapWith: gap(nets[1]).toFixed(1) });
    status.textContent = `epoch ${epoch}: validation ${validation(nets[0]).toFixed(1)}% without dropout (gap ${gap(nets[0]).toFixed(1)} points), ${validation(nets[1]).toFixed(1)}% with (gap ${gap(nets[1]).toFixed(1)} points)`;
  }

  start();
});
