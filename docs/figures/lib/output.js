'use strict';
const fs = require('fs');
const path = require('path');
const { escapeXml } = require('../../lib/plot/svg');

/**
 * The output folder of a figure script: its first command-line argument
 * (`node docs/figures/momentum.js docs/site/figures`), created if missing.
 */
function outputDir() {
  const dir = process.argv[2];
  if (!dir) throw new Error(`usage: node ${path.relative(process.cwd(), process.argv[1])} <output folder>`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes one figure (an SVG document) or table (an HTML fragment) and logs its name. */
function writeOutput(dir, file, content) {
  fs.writeFileSync(path.join(dir, file), content);
  console.log(file);
}

/** True for a cell that reads as a number ("0.25", "1.2e-9", "< 1e-9", "> 20000"), which is right-aligned. */
function looksNumeric(value) {
  return /^[<>]?\s?-?[\d.]+(e-?\d+)?%?$/.test(value);
}

/**
 * A measured table as an HTML fragment: a header row, then rows whose numbers are
 * right-aligned. Cells are strings (escaped) or numbers (shown as given by `format`).
 * @param {{ caption: string, columns: string[], rows: (string | number)[][], format?: (n: number) => string }} table
 */
function htmlTable({ caption, columns, rows, format = (n) => String(n) }) {
  const cell = (value) => {
    const shown = typeof value === 'number' ? format(value) : value;
    return looksNumeric(shown) ? `<td class="number">${escapeXml(shown)}</td>` : `<td>${escapeXml(shown)}</td>`;
  };
  return [
    '<table class="measured">',
    `<caption>${escapeXml(caption)}</caption>`,
    `<thead><tr>${columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/** A loss value for a table: 3 significant digits, exponent form when small or large, "< 1e-9" below float32's reach. */
function formatLoss(value) {
  if (!Number.isFinite(value)) return 'diverged';
  if (value < 1e-9) return '< 1e-9';
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e4) ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}

module.exports = { outputDir, writeOutput, htmlTable, formatLoss };
