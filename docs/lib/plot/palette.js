'use strict';

/** Series colours, distinguishable and colour-blind friendly (Okabe–Ito). */
const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C6D31'];

/** The colour of the i-th series. */
function seriesColor(i) {
  return palette[i % palette.length];
}

module.exports = { palette, seriesColor };
