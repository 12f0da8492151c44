'use strict';

/**
 * Samples a function of (x, y) on a grid covering the view.
 * @param {(x: number, y: number) => number} f
 * @param {{ x: [number, number], y: [number, number] }} view
 * @param {number} columns
 * @param {number} rows
 * @returns {{ values: Float64Array, columns: number, rows: number, view: typeof view }}
 */
function sampleGrid(f, view, columns, rows) {
  const values = new Float64Array((columns + 1) * (rows + 1));
  for (let j = 0; j <= rows; j++) {
    const y = view.y[0] + ((view.y[1] - view.y[0]) * j) / rows;
    for (let i = 0; i <= columns; i++) values[j * (columns + 1) + i] = f(view.x[0] + ((view.x[1] - view.x[0]) * i) / columns, y);
  }
  return { values, columns, rows, view };
}

/** Where along an edge from value a to value b the level is crossed, as a fraction. */
function crossing(a, b, level) {
  return a === b ? 0.5 : (level - a) / (b - a);
}

/**
 * Marching squares: the segments of the contour at `level`, in data coordinates.
 * Each cell's corners above/below the level give its case; saddle cells are split by
 * the cell's centre value.
 * @returns {[number, number, number, number][]} segments [x1, y1, x2, y2]
 */
function contourSegments({ values, columns, rows, view }, level) {
  const dx = (view.x[1] - view.x[0]) / columns;
  const dy = (view.y[1] - view.y[0]) / rows;
  const at = (i, j) => values[j * (columns + 1) + i];
  const segments = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      // Most cells lie wholly on one side of the level: nothing to draw (checked before anything is allocated).
      const below = (at(i, j) > level ? 0 : 1) + (at(i + 1, j) > level ? 0 : 1) + (at(i + 1, j + 1) > level ? 0 : 1) + (at(i, j + 1) > level ? 0 : 1);
      if (below === 0 || below === 4) continue;
      const corners = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      const above = corners.map((v) => v > level);
      const x0 = view.x[0] + i * dx;
      const y0 = view.y[0] + j * dy;
      // Edge points: bottom, right, top, left (each null where the level does not cross it).
      const edges = [
        [0, 1, (t) => [x0 + t * dx, y0]],
        [1, 2, (t) => [x0 + dx, y0 + t * dy]],
        [3, 2, (t) => [x0 + t * dx, y0 + dy]],
        [0, 3, (t) => [x0, y0 + t * dy]],
      ].map(([a, b, point]) => (above[a] !== above[b] ? point(crossing(corners[a], corners[b], level)) : null));
      const hits = edges.map((p, k) => [p, k]).filter(([p]) => p !== null);
      if (hits.length === 2) segments.push([...hits[0][0], ...hits[1][0]]);
      else if (hits.length === 4) {
        const centreAbove = corners.reduce((s, v) => s + v, 0) / 4 > level;
        const pairs = centreAbove === above[0] ? [[0, 1], [2, 3]] : [[0, 3], [1, 2]];
        for (const [a, b] of pairs) segments.push([...edges[a], ...edges[b]]);
      }
    }
  }
  return segments;
}

module.exports = { sampleGrid, contourSegments };
