'use strict';

/**
 * A map from data values to pixels, linear or logarithmic, with tick values.
 * @typedef {{ (value: number): number, domain: [number, number], ticks: () => number[] }} Scale
 */

/** Round tick values covering [min, max], about `count` of them (1, 2 or 5 times a power of ten apart). */
function niceTicks(min, max, count = 5) {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

/** A linear scale from `domain` to the pixel `range`. */
function linearScale(domain, range) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const scale = (v) => r0 + ((v - d0) / (d1 - d0 || 1)) * (r1 - r0);
  scale.domain = domain;
  scale.ticks = (count) => niceTicks(d0, d1, count);
  return scale;
}

/** A base-10 logarithmic scale (domain values must be > 0), ticked at powers of ten, or at 1, 2 and 5 times them within a decade. */
function logScale(domain, range) {
  const [l0, l1] = domain.map(Math.log10);
  const inner = linearScale([l0, l1], range);
  const scale = (v) => inner(Math.log10(v));
  scale.domain = domain;
  scale.ticks = () => {
    const powers = [];
    const step = Math.max(1, Math.ceil((Math.ceil(l1) - Math.floor(l0)) / 6));
    for (let p = Math.ceil(l0); p <= Math.floor(l1); p += step) powers.push(10 ** p);
    if (powers.length >= 2) return powers;
    const inside = (v) => v >= domain[0] * (1 - 1e-9) && v <= domain[1] * (1 + 1e-9);
    const ticks = [];
    for (let p = Math.floor(l0); p <= Math.ceil(l1); p++) for (const m of [1, 2, 5]) if (inside(m * 10 ** p)) ticks.push(Number((m * 10 ** p).toPrecision(1)));
    return ticks;
  };
  return scale;
}

/** Formats a tick value compactly: 0.001 → "1e-3", 2500 → "2500", 0.25 → "0.25". */
function formatTick(value) {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

module.exports = { niceTicks, linearScale, logScale, formatTick };
