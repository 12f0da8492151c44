'use strict';
/**
 * Timing helpers shared by the bench suites. Machines are shared and noisy, so every
 * measurement is the median of several rounds, each round long enough to dwarf timer
 * resolution, and comparisons are always made against a baseline measured in the same run.
 */

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Milliseconds per call of `fn`: the median over `rounds` rounds of at least `minRoundMs` each, after `warmup` calls. */
function timePerCall(fn, { rounds = 7, minRoundMs = 150, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = now();
    let calls = 0;
    do {
      fn();
      calls++;
    } while (now() - start < minRoundMs);
    samples.push((now() - start) / calls);
  }
  return median(samples);
}

/** The same for an async `fn`. */
async function timePerCallAsync(fn, { rounds = 7, minRoundMs = 150, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = now();
    let calls = 0;
    do {
      await fn();
      calls++;
    } while (now() - start < minRoundMs);
    samples.push((now() - start) / calls);
  }
  return median(samples);
}

/**
 * Realistic tensor shapes totalling about `total` parameters: a small convnet's kernels
 * and biases, then an MLP head whose first dense layer takes up the rest.
 */
function realisticShapes(total = 1 << 20) {
  const size = (s) => s.reduce((a, b) => a * b, 1);
  const convs = [[3, 3, 3, 32], [32], [3, 3, 32, 64], [64], [3, 3, 64, 128], [128]];
  const head = [[384], [384, 192], [192], [192, 10], [10]];
  const rest = [...convs, ...head].reduce((sum, s) => sum + size(s), 0);
  return [...convs, [Math.round((total - rest) / 384), 384], ...head];
}

module.exports = { timePerCall, timePerCallAsync, realisticShapes };
