'use strict';
/**
 * The HTML report of a run: the claims table, then one section per claim with its
 * measurement, its table and its figures (inline SVG), in one self-contained file.
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlTable(rows) {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]);
  const head = keys.map((k) => `<th>${escape(k)}</th>`).join('');
  const cell = (key, value) => (key === 'verdict' ? `<span class="${String(value).replace(' ', '-')}">${escape(value)}</span>` : escape(value));
  const body = rows.map((row) => `<tr>${keys.map((k) => `<td>${cell(k, row[k])}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; max-width: 980px; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; }
th { background: #f4f4f4; } .confirmed { color: #17692b; font-weight: 600; } .partly { color: #8a6100; font-weight: 600; }
.not-confirmed { color: #a11; font-weight: 600; } figure { margin: 1rem 0; } figcaption { color: #555; font-size: .9rem; }
.lecture { border-left: 3px solid #9ab; padding-left: .8rem; color: #444; }`;

/** Writes report/index.html (and results.json beside it); returns the HTML path. */
function writeReport(directory, { results, mode, seconds }) {
  mkdirSync(directory, { recursive: true });
  const summary = results.map((r) => ({ claim: r.title, measurement: r.measurement, verdict: r.verdict }));
  const sections = results.map((r) => `
<h2 id="${r.id}">${escape(r.title)}</h2>
<p class="lecture">${escape(r.lecture)}</p>
<p><span class="${r.verdict.replace(' ', '-')}">${escape(r.verdict)}</span>: ${escape(r.summary)}.</p>
<p>${escape(r.measurement)}</p>
${htmlTable(r.table)}
${r.figures.map((f) => `<figure>${f.svg.replace(/^<\?xml[^>]*>\s*/, '')}<figcaption>${escape(f.caption)}</figcaption></figure>`).join('\n')}
<p><small>${(r.seconds).toFixed(1)} s</small></p>`);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>descent: CS231n lecture 7, reproduced</title><style>${STYLE}</style></head>
<body>
<h1>CS231n lecture 7, reproduced on real MNIST digits</h1>
<p>Each claim of "Training Neural Networks, Part 2" measured with @descent/tfjs (TensorFlow.js ${escape(require('@tensorflow/tfjs').version.tfjs)}, wasm backend), @descent/brain (brain.js) and @descent/augment, on digits from the <code>mnist</code> package. ${escape(mode)} run, ${seconds.toFixed(0)} s.</p>
<p>Verdicts: <span class="confirmed">confirmed</span> when the measurement agrees with the lecture, <span class="partly">partly</span> when only some of it does, <span class="not-confirmed">not confirmed</span> otherwise.</p>
${htmlTable(summary)}
${sections.join('\n')}
</body></html>
`;
  const path = join(directory, 'index.html');
  writeFileSync(path, html);
  writeFileSync(join(directory, 'results.json'), `${JSON.stringify({ mode, seconds, results: results.map(({ figures, ...r }) => r) }, null, 2)}\n`);
  return path;
}

module.exports = { writeReport };
