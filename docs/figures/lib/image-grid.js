'use strict';
const { element, text, svgDocument } = require('../../lib/plot/svg');
const { grayscalePng } = require('./png');

/**
 * A grid of grayscale images as an SVG document: one labelled row per entry, the images
 * embedded as PNGs and drawn with crisp pixels, `pixel` screen pixels per image pixel
 * (so smaller images, such as crops, are drawn smaller).
 * @param {{ title: string, rows: { label: string, images: { data: ArrayLike<number>, width: number, height: number }[] }[], pixel?: number, labelWidth?: number }} grid
 */
function imageGrid({ title, rows, pixel = 2, labelWidth = 190 }) {
  const gap = 6;
  const cell = pixel * Math.max(...rows.flatMap((r) => r.images.map((image) => Math.max(image.width, image.height))));
  const top = 34;
  const columns = Math.max(...rows.map((r) => r.images.length));
  const width = Math.max(labelWidth + columns * (cell + gap) + 10, 20 + title.length * 7.5);
  const height = top + rows.length * (cell + gap) + 6;
  const drawn = rows.map((row, r) => {
    const y = top + r * (cell + gap);
    return element('g', {},
      text(row.label, { x: labelWidth - 10, y: y + cell / 2 + 4, 'text-anchor': 'end', fill: '#222' }),
      row.images.map((image, c) => {
        const [w, h] = [image.width * pixel, image.height * pixel];
        const href = `data:image/png;base64,${grayscalePng(image.data, image.width, image.height).toString('base64')}`;
        const [x0, y0] = [labelWidth + c * (cell + gap) + (cell - w) / 2, y + (cell - h) / 2];
        return element('g', {},
          element('image', { x: x0, y: y0, width: w, height: h, href, style: 'image-rendering: pixelated' }),
          element('rect', { x: x0, y: y0, width: w, height: h, fill: 'none', stroke: '#ccc' }));
      }));
  });
  return svgDocument({ width, height, title }, text(title, { x: 10, y: 20, 'font-weight': 600 }), drawn);
}

module.exports = { imageGrid };
