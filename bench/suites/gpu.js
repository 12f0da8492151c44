'use strict';
/**
 * tfjs-webgl/<rule>, tfjs-webgpu/<rule>, tfjs-webgl/fit-adam and augment-webgl/…: the GPU
 * backends in a real page. One headless Chromium for the suite (WebGL2 and WebGPU on
 * SwiftShader, a software GPU, so absolute times are slow and only the ratios mean
 * anything), one page per backend, the page script bench/pages/gpu-page.js bundled with
 * esbuild against the built packages (`npm run bench` builds first).
 *
 * - tfjs-<backend>/<rule>: one variable of 1M float32 parameters ([1000, 1000]) and a fixed
 *   gradient, both on the GPU (outputs of a GPU program: packed textures on webgl); ms per
 *   applyGradients of the descent optimizer (which must run its GPU programs: executedOn
 *   "gpu") against tf.train's same rule with the same hyperparameters, same page, same
 *   backend. A sample is 2 to 100 steps (about 0.5 s of the slower side: its step timed by
 *   the fastest of 3 probes of 3 steps, less the closing read alone) ended by an awaited read
 *   of one element, so the GPU work is inside it; the two sides alternate, 9 samples
 *   each after 3 warm-up steps (which compile the shaders); medians. The tensor count must
 *   not grow across the samples.
 * - tfjs-webgl/fit-adam: ms per batch of model.fit (784-1024-256-10 dense, 1.07M parameters,
 *   3 batches of 64 per sample, random inputs) with descent adam against tf.train.adam, both
 *   models starting from the same weights. No target: the optimizer is a part of the batch.
 * - augment-webgl/flip-rrc224-jitter-float32: ms per image of random horizontal flip +
 *   randomResizedCrop 224 + colorJitter(brightness 0.4, contrast 0.4) on a float32 batch of
 *   16 × 256 × 256 × 3 on the GPU, @descent/augment's tensor path (augmentTensor) against
 *   the same augmentation with tf.image ops (bench/suites/augment.js's, on webgl), both
 *   ending with a float32 batch on the GPU; one batch per sample, 9 samples per side after
 *   a warm-up batch. Target 0.33, as for the typed-array rows.
 *
 * The log adds, per row, the median of the paired ratios (sample i of each side, taken one
 * after the other: steadier when other processes load the machine), whether the textures
 * are packed (webgl) and, for augmentation, the tfjs kernels each side runs per batch.
 * Every page call has a time limit, and the suite a budget (GPU_BENCH_BUDGET_S, default 360 s):
 * a row that fails or outlasts it is reported in the log (FAILED …) and left out of the
 * table. Without a Chromium (`$DESCENT_CHROMIUM` or `chromium` on PATH), or when it does not
 * start, the suite logs why and adds no rows (the other suites still run).
 */
const { join } = require('node:path');
const { optimizerCases } = require('../optimizer-cases');

const TARGETS = { webgl: 0.7, webgpu: 0.5 };
const SHAPE = [1000, 1000];
/** The 8 rules tf.train has, as the page's cases name them (the factories are not called here). */
const RULES = optimizerCases(null, null).map((c) => c.name);
/** Optimizer rows: 9 samples per side after 3 warm-up steps, each sample about 0.5 s of the slower side (2 to 100 steps, so the closing read weighs little). */
const OPTIMIZER = { samples: 9, warmup: 3, sampleMs: 500, maxSteps: 100 };
const BUDGET_MS = Number(process.env.GPU_BENCH_BUDGET_S ?? 360) * 1000;
const HTML = '<!doctype html><meta charset="utf-8"><title>descent bench</title><link rel="icon" href="data:,"><script src="page.js"></script>\n';

const fmt = (ms) => ms.toFixed(ms < 10 ? 2 : 1);

/** The median of the ratios of samples taken one after the other (less sensitive to load that drifts). */
function pairedRatio({ mine, baseline }) {
  const ratios = mine.map((m, i) => m / baseline[i]).sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

async function run(log) {
  const browserTools = require('@descent/conformance/browser');
  try {
    browserTools.chromiumExecutable();
  } catch (error) {
    log(`skipped, no browser: ${error.message}`);
    return [];
  }
  const started = Date.now();
  const left = () => BUDGET_MS - (Date.now() - started);
  const script = await browserTools.bundlePage(join(__dirname, '..', 'pages', 'gpu-page.js'));
  const server = await browserTools.serveFiles({ '/index.html': HTML, '/page.js': script });
  let browser;
  try {
    browser = await browserTools.launchChromium({ gpu: true });
  } catch (error) {
    await server.close();
    log(`FAILED, no rows: ${error.message}`);
    return [];
  }
  const rows = [];
  const failed = [];
  /** A page on `backend`, with its console warnings and errors collected. */
  async function openPage(backend) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = new Set();
    page.on('pageerror', (error) => problems.add(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.add(`console.${message.type()}: ${message.text().slice(0, 200)}`);
    });
    await page.goto(server.url, { waitUntil: 'load' });
    const info = await call({ page }, 'setBackend', backend, 60_000);
    log(`${backend}: ${JSON.stringify(info)}`);
    return { context, page, problems };
  }
  /** Calls `descentBench[method](arg)` in the page, failing after `limit` ms or when the budget runs out. */
  function call(session, method, arg, limit) {
    const ms = Math.max(1, Math.min(limit, left()));
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} took longer than ${(ms / 1000).toFixed(0)} s`)), ms);
    });
    const reply = session.page.evaluate(({ m, a }) => globalThis.descentBench[m](a), { m: method, a: arg });
    return Promise.race([reply, timeout]).finally(() => clearTimeout(timer));
  }
  /** Runs one row's measurement; on failure logs it and reopens the page for the next row. */
  async function measure(state, backend, name, method, arg, limit) {
    if (left() <= 0) {
      failed.push(`${name}: not run, the suite's ${BUDGET_MS / 1000} s budget was spent`);
      return null;
    }
    try {
      state.session ??= await openPage(backend);
      return await call(state.session, method, arg, limit);
    } catch (error) {
      const problems = state.session === null ? [] : [...state.session.problems].slice(0, 3);
      failed.push(`${name}: ${error.message.split('\n')[0]}${problems.length > 0 ? ` [page: ${problems.join('; ')}]` : ''}`);
      await state.session?.context.close().catch(() => undefined);
      state.session = null;
      return null;
    }
  }
  try {
    for (const backend of ['webgl', 'webgpu']) {
      const state = { session: null };
      for (const rule of RULES) {
        const name = `tfjs-${backend}/${rule}`;
        const r = await measure(state, backend, name, 'optimizer', { rule, shape: SHAPE, ...OPTIMIZER }, 120_000);
        if (r === null) continue;
        log(
          `${name}: descent ${fmt(r.mine)} ms/step (${r.executedOn}), ${r.baselineName} ${fmt(r.baseline)} ms/step, ratio ${(r.mine / r.baseline).toFixed(3)} ` +
            `(paired ${pairedRatio(r.samples).toFixed(3)}, ${r.steps} steps/sample); ` +
            `tensor growth ${r.tensorGrowth}, GPU bytes growth ${r.gpuBytesGrowth}${backend === 'webgl' ? `; packed textures ${JSON.stringify(r.packed)}` : ''}`,
        );
        if (r.tensorGrowth !== 0) failed.push(`${name}: ${r.tensorGrowth} tensors more after the samples than before`);
        rows.push({ name, unit: 'ms/step', value: r.mine, baseline: `${r.baselineName} on ${backend}`, baselineValue: r.baseline, target: TARGETS[backend] });
      }
      if (backend === 'webgl') {
        const fit = await measure(state, backend, 'tfjs-webgl/fit-adam', 'fit', { batchSize: 64, batches: 3, samples: 5, warmup: 1 }, 180_000);
        if (fit !== null) {
          log(
            `tfjs-webgl/fit-adam: ${fit.params} parameters, descent adam ${fmt(fit.mine)} ms/batch (${fit.executedOn}), tf.train.adam ${fmt(fit.baseline)} ms/batch, ` +
              `ratio ${(fit.mine / fit.baseline).toFixed(3)} (paired ${pairedRatio(fit.samples).toFixed(3)}); tensor growth ${fit.tensorGrowth}; last losses ${fit.lastLoss.mine.toFixed(4)} / ${fit.lastLoss.baseline.toFixed(4)}`,
          );
          if (fit.tensorGrowth !== 0) failed.push(`tfjs-webgl/fit-adam: ${fit.tensorGrowth} tensors more after the samples than before`);
          rows.push({ name: 'tfjs-webgl/fit-adam', unit: 'ms/batch', value: fit.mine, baseline: 'tf.train.adam in model.fit on webgl', baselineValue: fit.baseline, target: null });
        }
        const aug = await measure(state, backend, 'augment-webgl/flip-rrc224-jitter-float32', 'augment', { batch: 16, side: 256, out: 224, samples: 9, warmup: 1 }, 180_000);
        if (aug !== null) {
          log(`augment-webgl/flip-rrc224-jitter-float32: @descent/augment ${fmt(aug.mine)} ms/image, tf.image ${fmt(aug.baseline)} ms/image, ratio ${(aug.mine / aug.baseline).toFixed(3)} (paired ${pairedRatio(aug.samples).toFixed(3)}); tfjs kernels per batch ${aug.kernels.mine} / ${aug.kernels.baseline}; tensor growth ${aug.tensorGrowth}`);
          if (aug.tensorGrowth !== 0) failed.push(`augment-webgl: ${aug.tensorGrowth} tensors more after the samples than before`);
          rows.push({ name: 'augment-webgl/flip-rrc224-jitter-float32', unit: 'ms/image', value: aug.mine, baseline: 'tf.image on tfjs-webgl', baselineValue: aug.baseline, target: 0.33 });
        }
      }
      if (state.session !== null) {
        const problems = [...state.session.problems];
        if (problems.length > 0) log(`${backend} page said: ${problems.slice(0, 5).join(' | ')}`);
        await state.session.context.close();
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
  for (const line of failed) log(`FAILED ${line}`);
  log(`${rows.length} rows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return rows;
}

module.exports = { run };
