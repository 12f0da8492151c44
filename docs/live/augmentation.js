'use strict';
/**
 * Live figure of the guide "Data augmentation": the first real MNIST digit of each class
 * through @descent/augment's random shifts (randomCrop with padding) and random erasing,
 * several draws each, from a seeded generator; "Draw again" takes the next seed.
 */
const { randomCrop, randomErasing, compose, augmentFlat } = require('@descent/augment');
const { Random } = require('@descent/core');
const { slider } = require('../playground/controls');
const { decodeDigits, drawDigit } = require('../playground/digits');
const { mountLive, playgroundHref } = require('./lib/mount');

const DRAWS = 4;

mountLive('augmentation', ({ controls, plots, link, status }) => {
  const data = decodeDigits(require('descent:mnist-sample-small'));
  const firsts = Array.from({ length: 10 }, (_, label) => data.train.find((d) => d.label === label));
  const redraw = () => draw();
  const padding = slider({ name: 'padding', label: 'shift up to (px)', min: 0, max: 6, value: 3, integer: true, url: false }, redraw);
  const erasing = slider({ name: 'erasing', label: 'erasing probability', min: 0, max: 1, step: 0.05, value: 0.5, url: false }, redraw);
  const area = slider({ name: 'area', label: 'erased area up to', min: 0.03, max: 0.3, step: 0.01, value: 0.12, url: false }, redraw);
  const again = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Draw again' });
  controls.append(padding.element, erasing.element, area.element, again);
  const grid = plots.appendChild(Object.assign(document.createElement('div'), { className: 'plot live-digits' }));
  const canvases = Array.from({ length: 10 * (DRAWS + 1) }, () => grid.appendChild(document.createElement('canvas')));
  let seed = 1;
  again.addEventListener('click', () => {
    seed++;
    draw();
  });

  const draw = () => {
    const pipeline = augmentFlat(compose([
      randomCrop({ size: 28, padding: padding.value() }),
      randomErasing({ p: erasing.value(), scale: [0.02, area.value()] }),
    ]), 28, 28);
    const random = new Random(seed);
    firsts.forEach((digit, column) => {
      drawDigit(canvases[column], digit.input, 28, 28);
      for (let row = 1; row <= DRAWS; row++) drawDigit(canvases[row * 10 + column], pipeline(digit.input, random), 28, 28);
    });
    status.dataset.seed = String(seed);
    status.textContent = `top row: the digits as they are; below: ${DRAWS} draws each (seed ${seed})`;
    link.href = playgroundHref({ augment: true, 'network-engine': 'brain' }, 'network');
  };
  draw();
});
