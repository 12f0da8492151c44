/**
 * The built docs site in a real browser (Debian's chromium through playwright-core):
 * every guide, the playground and the API reference render without console errors or
 * failed requests, figures load, and the playground responds to its controls with new
 * computed data. Builds the site first, every run, so what is tested is what the sources
 * make now (never an older build). Screenshots go to docs/site/screenshots.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchProblems, type Browser } from './browser';
import { checkLinks } from './links';
import { serveDirectory, type HttpServer } from '@descent/conformance/browser';

const root = join(__dirname, '..', '..');
const site = join(root, 'docs', 'site');
const screenshots = join(site, 'screenshots');

// The page list is needed to declare the tests, so the site is built before that.
execFileSync(process.execPath, [join(root, 'docs', 'build', 'index.js')], { cwd: root, stdio: 'inherit', timeout: 900_000 });
const { pages } = JSON.parse(readFileSync(join(site, 'pages.json'), 'utf8')) as { pages: string[] };
const guides = pages.filter((p) => p !== 'playground.html');

let server: HttpServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await serveDirectory(site);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page of the site and returns it with the problems it reports. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const { messages } = watchProblems(page);
  await page.goto(server.url + path, { waitUntil: 'load' });
  return { page, problems: messages };
}

/**
 * The API reference pages the test opens: the index, the hierarchy, every module page,
 * and the first page of each kind (class, interface, function, type, variable). TypeDoc
 * writes hundreds of pages from one template; these cover every page layout.
 */
function apiPages(): string[] {
  const dir = join(site, 'api');
  const html = (d: string) => readdirSync(join(dir, d)).filter((name) => name.endsWith('.html')).sort();
  const kinds = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'assets' && e.name !== 'modules');
  return [
    ...html('.'),
    ...html('modules').map((name) => `modules/${name}`),
    ...kinds.map((kind) => `${kind.name}/${html(kind.name)[0]}`),
  ].map((file) => `api/${file}`);
}

describe('links', () => {
  test('every link on every page of the site (guides, playground, API reference) resolves', () => {
    const report = checkLinks(site);
    // The guides and playground, the API reference's pages, and the measured tables in figures/.
    expect(report.pages).toBeGreaterThan(pages.length + readdirSync(join(site, 'api'), { recursive: true }).filter((f) => String(f).endsWith('.html')).length);
    expect(report.internal).toBeGreaterThan(10_000);
    expect(report.broken).toEqual([]);
  });

  test('the main factories\' API pages show an example, and the option pages each default', () => {
    const api = (page: string) => readFileSync(join(site, 'api', page), 'utf8');
    for (const page of ['functions/_descent_core.createOptimizer.html', 'functions/_descent_core.createSchedule.html', 'functions/_descent_core.createLbfgs.html', 'functions/_descent_brain.train.html', 'classes/_descent_brain.DescentTrainer.html', 'functions/_descent_tfjs.adam.html']) {
      expect(api(page)).toContain('id="example"');
    }
    expect(api('functions/_descent_tfjs.adam.html')).toMatch(/Defaults: learningRate 0\.001/);
    expect(api('interfaces/_descent_brain.TrainOptions.html').match(/Default Value/g)?.length).toBeGreaterThanOrEqual(8);
    expect(api('interfaces/_descent_brain.ValidationOptions.html').match(/Default Value/g)?.length).toBeGreaterThanOrEqual(3);
    expect(api('interfaces/_descent_core.LbfgsConfig.html').match(/Default Value/g)?.length).toBeGreaterThanOrEqual(7);
  });

  test('guides link the exports they name to the API reference, and those pages link back', () => {
    const adaptive = readFileSync(join(site, 'adaptive.html'), 'utf8');
    expect(adaptive).toMatch(/<a class="api-link" href="api\/functions\/_descent_tfjs\.adam\.html"><code>adam/);
    const apiAdam = readFileSync(join(site, 'api', 'functions', '_descent_tfjs.adam.html'), 'utf8');
    expect(apiAdam).toContain('<h4>In the guides</h4>');
    expect(apiAdam).toContain('href="../../adaptive.html"');
  });
});

describe('search', () => {
  test('finds guide sections and API pages by what is typed, and Enter opens the best', async () => {
    const { page, problems } = await open('schedules.html');
    const results = page.locator('form.search .search-results a');
    await page.locator('form.search input').fill('nesterov look-ahead');
    await results.first().waitFor();
    expect(await results.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toContain('momentum.html#nesterov-momentum');
    await page.locator('form.search input').fill('createOptimizer');
    await results.first().waitFor();
    expect(await results.first().getAttribute('href')).toBe('api/functions/_descent_core.createOptimizer.html');
    await page.locator('form.search input').press('Enter');
    await page.waitForURL(/createOptimizer\.html$/);
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe('on a 375-px phone screen', () => {
  let phone: BrowserContext;

  beforeAll(async () => {
    phone = await browser.context.browser()!.newContext({ viewport: { width: 375, height: 812 } });
  });

  afterAll(() => phone?.close());

  test.each(pages)('%s fits the width, its content first and the guide list behind the menu', async (path) => {
    const page = await phone.newPage();
    await page.goto(server.url + path, { waitUntil: 'load' });
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(widest).toBeLessThanOrEqual(375);
    expect(await page.locator('nav.sidebar').isVisible()).toBe(false);
    expect((await page.locator('main h1').boundingBox())?.y).toBeLessThan(200);
    await page.locator('label.menu-button').click();
    expect(await page.locator('nav.sidebar').isVisible()).toBe(true);
    if (path === 'index.html' || path === 'playground.html') await page.screenshot({ path: join(screenshots, `phone-${path.replace(/\.html$/, '.png')}`), fullPage: true });
    await page.close();
  });
});

describe('guides', () => {
  test.each(guides)('%s renders with its figures and no errors', async (path) => {
    const { page, problems } = await open(path);
    expect(await page.locator('main h1').count()).toBe(1);
    const images = await page.locator('main img').evaluateAll((imgs) => imgs.map((img) => ({ src: (img as HTMLImageElement).src, width: (img as HTMLImageElement).naturalWidth })));
    expect(images.filter((image) => image.width === 0)).toEqual([]);
    // Every guide has a figure: an image, or a live figure that has already replaced its image.
    if (path !== 'index.html') expect(images.length + (await page.locator('main figure.live-figure').count())).toBeGreaterThan(0);
    const outputs = await page.locator('.snippet pre.output').allTextContents();
    expect(outputs.filter((text) => text.trim() === '')).toEqual([]);
    // Every code block (not its printed output) has a copy button, and snippets are highlighted.
    expect(await page.locator('pre button.copy').count()).toBe(await page.locator('pre > code[class^="language-"]').count());
    expect(await page.locator('.snippet pre.output button.copy').count()).toBe(0);
    if (outputs.length > 0) expect(await page.locator('.snippet pre.code .tok-keyword').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, path.replace(/\.html$/, '.png')), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe('API reference', () => {
  test.each(apiPages())('%s renders without errors', async (path) => {
    const { page, problems } = await open(path);
    expect(await page.locator('.tsd-page-title h1, .col-content h1').count()).toBeGreaterThan(0);
    if (path === 'api/index.html') await page.screenshot({ path: join(screenshots, 'api.png') });
    await page.close();
    expect(problems).toEqual([]);
  });
});

/** The trajectories drawn on the playground's surface: label, SVG path and end point. */
function trajectories(page: Page) {
  return page.locator('#surfaces .surface-plot path[data-series]').evaluateAll((paths) =>
    paths.map((p) => ({ series: p.getAttribute('data-series') ?? '', d: p.getAttribute('d') ?? '', end: (p.getAttribute('data-end') ?? '').split(',').map(Number) })),
  );
}

/** Moves a slider with the keyboard, as a person would: Home, End or arrow presses. */
async function press(page: Page, name: string, key: string, times = 1) {
  const slider = page.locator(`input[name="${name}"]`);
  await slider.focus();
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

describe('playground loading', () => {
  test('the surfaces draw before the network bundles load; tfjs, brain.js and the digits load in the worker, after', async () => {
    const page = await browser.context.newPage();
    const { messages } = watchProblems(page);
    const order: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.js')) order.push(request.url().split('/').pop()!);
    });
    // When the first trajectory appears in the page, on the page's own clock.
    await page.addInitScript(() => {
      const seen = new MutationObserver(() => {
        if (!document.querySelector('#surfaces .surface-plot path[data-series]')) return;
        document.documentElement.dataset.surfacesAt = String(performance.now());
        seen.disconnect();
      });
      seen.observe(document, { subtree: true, childList: true });
    });
    await page.goto(server.url + 'playground.html', { waitUntil: 'load' });
    await page.locator('#surfaces .surface-plot path[data-series]').first().waitFor();
    await page.locator('#network .status[data-epoch]').waitFor({ timeout: 60_000 });
    expect(order.indexOf('playground.js')).toBeLessThan(order.indexOf('playground-network.js'));
    expect(order.indexOf('playground-network.js')).toBeLessThan(order.indexOf('playground-network-worker.js'));
    const timing = await page.evaluate(() => ({
      surfacesAt: Number(document.documentElement.dataset.surfacesAt),
      networkRequested: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/playground-network.js'))!.startTime,
    }));
    expect(timing.surfacesAt).toBeLessThan(timing.networkRequested);
    // The surface panel's first frame came drawn in the page, and the script kept it; the live computation draws the same.
    const drawnAhead = await trajectories(page);
    expect(drawnAhead.length).toBe(3);
    expect(await page.locator('#surfaces .surface-plot[data-frame]').count()).toBe(1);
    await press(page, 'noise', 'ArrowRight');
    await press(page, 'noise', 'Home');
    expect(await page.locator('#surfaces .surface-plot[data-frame]').count()).toBe(0);
    expect(await trajectories(page)).toEqual(drawnAhead);
    const sizes = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')).map((e) => [e.name.split('/').pop(), (e as PerformanceResourceTiming).decodedBodySize]));
    const size = Object.fromEntries(sizes);
    expect(size['playground.js']).toBeLessThan(300_000);
    expect(size['playground-network.js']).toBeLessThan(50_000);
    expect(size['playground-network-worker.js']).toBeGreaterThan(1_000_000);
    await page.close();
    expect(messages).toEqual([]);
  });

  test.each([['tfjs-webgl', 'tfjs on the GPU (webgl)'], ['brain', 'brain.js on the CPU']])('while the network trains (%s), the page\'s main thread is never blocked for 100 ms', async (engine, label) => {
    const { page, problems } = await open(`playground.html#network-engine=${engine}`);
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#network .status')?.dataset.epoch) >= 1, undefined, { timeout: 60_000 });
    expect(await page.locator('#network .status').getAttribute('data-engine')).toBe(label);
    // Every task of the main thread longer than 50 ms (the browser's long tasks), over three epochs.
    const { longest, epochs } = await page.evaluate(async () => {
      const epoch = () => Number(document.querySelector<HTMLElement>('#network .status')!.dataset.epoch);
      const durations: number[] = [0];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => durations.push(e.duration)));
      observer.observe({ type: 'longtask' });
      const from = epoch();
      await new Promise<void>((resolve) => {
        const check = () => (epoch() >= from + 3 ? resolve() : setTimeout(check, 20));
        check();
      });
      observer.disconnect();
      return { longest: Math.max(...durations), epochs: epoch() - from };
    });
    expect(epochs).toBeGreaterThanOrEqual(3);
    expect(longest).toBeLessThan(100);
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe('playground opened from a file', () => {
  test('with no worker allowed, the network trains from the same script in the page, and says so', async () => {
    const page = await browser.context.newPage();
    const { messages } = watchProblems(page);
    await page.goto(`file://${join(site, 'playground.html')}`, { waitUntil: 'load' });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#network .status')?.dataset.epoch) >= 1, undefined, { timeout: 60_000 });
    expect(await page.locator('#network .status').textContent()).toContain("on the page's thread");
    await page.close();
    expect(messages).toEqual([]);
  });
});

describe('playground settings in the URL', () => {
  test('a link with settings opens the playground with them, and moving a control updates the link', async () => {
    const { page, problems } = await open('playground.html#A-learningRate=0.001&schedule-1=exponential');
    await page.locator('#surfaces .surface-plot path[data-series]').first().waitFor();
    expect((await trajectories(page))[0].series).toBe('A: sgd, lr 0.001');
    expect(await page.locator('#schedules path[data-series="1: exponential"]').count()).toBe(1);
    await press(page, 'noise', 'ArrowRight', 2);
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    expect(Object.fromEntries(hash)).toEqual({ 'A-learningRate': '0.001', 'schedule-1': 'exponential', noise: '0.2' });
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe('playground', () => {
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ page, problems } = await open('playground.html'));
    await page.locator('#surfaces .surface-plot path[data-series]').first().waitFor();
  });

  afterAll(async () => {
    await page.screenshot({ path: join(screenshots, 'playground.png'), fullPage: true });
    await page.close();
  });

  test('draws SGD, momentum and Adam on the ill-conditioned quadratic', async () => {
    const drawn = await trajectories(page);
    expect(drawn.map((t) => t.series)).toEqual(['A: sgd, lr 0.09', 'B: sgd, lr 0.02, momentum ρ 0.9', 'C: adam, lr 0.1']);
    // Plain SGD at lr 0.09 on ½(x² + 20y²) from (−4.5, 1.2): x·0.91^100 and y·(−0.8)^100.
    expect(drawn[0].end[0]).toBeCloseTo(-4.5 * 0.91 ** 100, 4);
    expect(drawn[0].end[1]).toBeCloseTo(1.2 * 0.8 ** 100, 4);
  });

  test('moving the learning-rate slider redraws the trajectory from the new rate', async () => {
    const before = await trajectories(page);
    await press(page, 'A-learningRate', 'Home');
    const after = await trajectories(page);
    expect(after[0].series).toBe('A: sgd, lr 0.0001');
    expect(after[0].d).not.toBe(before[0].d);
    // SGD on a diagonal quadratic: each coordinate shrinks by (1 − lr·curvature) per step.
    expect(after[0].end[0]).toBeCloseTo(-4.5 * (1 - 1e-4) ** 100, 3);
    expect(after[0].end[1]).toBeCloseTo(1.2 * (1 - 20e-4) ** 100, 3);
    expect(after.slice(1)).toEqual(before.slice(1));
  });

  test('gradient noise changes every trajectory, reproducibly', async () => {
    const exact = await trajectories(page);
    await press(page, 'noise', 'ArrowRight', 10);
    const noisy = await trajectories(page);
    expect(await page.locator('input[name="noise"] + output').textContent()).toBe('1');
    noisy.forEach((t, i) => expect(t.d).not.toBe(exact[i].d));
    await press(page, 'noise', 'Home');
    expect(await trajectories(page)).toEqual(exact);
    await press(page, 'noise', 'ArrowRight', 10);
    expect(await trajectories(page)).toEqual(noisy);
    await press(page, 'noise', 'Home');
  });

  test('an L-BFGS lane reaches the quadratic\'s minimum', async () => {
    await page.locator('input[name="D-on"]').check();
    await page.locator('select[name="D-rule"]').selectOption('lbfgs');
    const lbfgs = (await trajectories(page)).find((t) => t.series.startsWith('D: lbfgs'));
    expect(lbfgs?.end[0]).toBeCloseTo(0, 3);
    expect(lbfgs?.end[1]).toBeCloseTo(0, 3);
    await page.locator('input[name="D-on"]').uncheck();
  });

  test('choosing another surface redraws its contours and runs', async () => {
    await page.locator('select[name="surface"]').selectOption('rosenbrock');
    await expect(page.locator('#surfaces .surface-plot svg > title').textContent()).resolves.toContain('Rosenbrock');
    const drawn = await trajectories(page);
    expect(drawn[0].end).not.toEqual([0, 0]);
    await page.locator('select[name="surface"]').selectOption('quadratic');
  });

  test('the schedule plot follows its sliders', async () => {
    const curve = () => page.locator('#schedules path[data-series="1: step"]').getAttribute('d');
    const before = await curve();
    await press(page, 'schedule-1-stepSize', 'End');
    const after = await curve();
    expect(after).not.toBe(before);
    expect(await page.locator('#schedules path[data-series]').count()).toBe(2);
  });

  test('a schedule the core refuses shows its error beside the lane and draws no curve; γ goes down to 0.01', async () => {
    await page.locator('select[name="schedule-1"]').selectOption('oneCycle');
    await press(page, 'schedule-1-totalSteps', 'Home');
    const problem = page.locator('fieldset[data-lane="1"] .problem');
    await expect(problem.textContent()).resolves.toMatch(/totalSteps = 1 is invalid/);
    expect(await page.locator('#schedules path[data-series="1: oneCycle"]').getAttribute('d')).toBe('');
    await page.locator('select[name="schedule-1"]').selectOption('step');
    await press(page, 'schedule-1-gamma', 'Home');
    expect(await page.locator('input[name="schedule-1-gamma"] + output').textContent()).toBe('0.01');
    await expect(problem.textContent()).resolves.toBe('');
  });

  test('with every lane switched off the surface and loss charts draw empty axes', async () => {
    for (const lane of ['A', 'B', 'C']) await page.locator(`input[name="${lane}-on"]`).uncheck();
    expect(await trajectories(page)).toEqual([]);
    for (const lane of ['A', 'B', 'C']) await page.locator(`input[name="${lane}-on"]`).check();
    expect((await trajectories(page)).length).toBe(3);
  });

  test('the tiny network learns the digits on the GPU, and restarts when dropout is toggled', async () => {
    const status = page.locator('#network .status');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#network .status')?.dataset.epoch) >= 15, undefined, { timeout: 60_000 });
    const learned = await status.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    // Headless chromium has WebGL2 (in software), so the page trains with tfjs on webgl, its descent optimizer's step on the GPU.
    expect(learned).toMatchObject({ engine: 'tfjs on the GPU (webgl)', executedOn: 'gpu' });
    expect(Number(learned.validationAccuracy)).toBeGreaterThan(0.4);
    expect(Number(learned.trainAccuracy)).toBeGreaterThan(Number(learned.validationAccuracy));
    expect(await page.locator('#network .samples canvas').count()).toBe(10);
    await page.locator('input[name="dropout"]').check();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#network .status')?.dataset.epoch) < 5, undefined, { timeout: 10_000 });
  });

  test('the augmentation toggle changes the digits the network is shown', async () => {
    const shown = () => page.locator('#network .samples canvas').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
    const plain = await shown();
    await page.locator('input[name="augment"]').check();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#network .status')?.dataset.epoch) >= 1, undefined, { timeout: 10_000 });
    const augmented = await shown();
    expect(augmented.filter((url, i) => url !== plain[i]).length).toBeGreaterThan(5);
  });

  test('the network trains as a brain.js net on the CPU when chosen', async () => {
    await page.locator('input[name="dropout"]').uncheck();
    await page.locator('input[name="augment"]').uncheck();
    await page.locator('select[name="network-engine"]').selectOption('brain');
    await page.waitForFunction(
      () => {
        const status = document.querySelector<HTMLElement>('#network .status')?.dataset;
        return status?.engine === 'brain.js on the CPU' && Number(status.epoch) >= 10;
      },
      undefined,
      { timeout: 60_000 },
    );
    const learned = await page.locator('#network .status').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    expect(learned.executedOn).toBe('');
    expect(Number(learned.validationAccuracy)).toBeGreaterThan(0.4);
  });

  test('pause holds training between epochs, "One epoch" trains exactly one more, play goes on', async () => {
    const epoch = () => page.locator('#network .status').evaluate((el) => Number((el as HTMLElement).dataset.epoch));
    await page.locator('#network button.pause').click();
    // The epoch in progress (in the worker) finishes; then training holds.
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#network .status')?.dataset.held === 'true', undefined, { timeout: 30_000 });
    const held = await epoch();
    await page.waitForTimeout(1500);
    expect(await epoch()).toBe(held);
    await page.locator('#network button.step').click();
    await page.waitForFunction((before) => Number(document.querySelector<HTMLElement>('#network .status')?.dataset.epoch) === before + 1, held, { timeout: 30_000 });
    await page.waitForTimeout(1000);
    expect(await epoch()).toBe(held + 1);
    await page.locator('#network button.pause').click();
    await page.waitForFunction((before) => Number(document.querySelector<HTMLElement>('#network .status')?.dataset.epoch) > before + 1, held, { timeout: 30_000 });
  });

  test('nothing went wrong in the page', () => {
    expect(problems).toEqual([]);
  });
});

/**
 * Moves every control inside `scope` through its range as a person could: each select
 * through every option, each checkbox on and off, each slider to its minimum, maximum and
 * middle (through the input event the slider fires). Controls that appear on the way
 * (a rule's own fields) are swept too, once per select option for `deep` selects.
 */
async function sweepControls(page: Page, scope: string, deep: string[] = []) {
  const sliders = async () => page.locator(`${scope} input[type="range"]`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name));
  const moveSliders = async () => {
    for (const name of await sliders()) {
      const input = page.locator(`${scope} input[name="${name}"]`);
      for (const where of ['min', 'max', 'middle'] as const) {
        await input.evaluate((el, at) => {
          const slider = el as HTMLInputElement;
          const [min, max] = [Number(slider.min), Number(slider.max)];
          slider.value = String(at === 'min' ? min : at === 'max' ? max : (min + max) / 2);
          slider.dispatchEvent(new Event('input'));
        }, where);
      }
    }
  };
  const checkboxes = await page.locator(`${scope} input[type="checkbox"]`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name));
  for (const name of checkboxes) {
    const box = page.locator(`${scope} input[name="${name}"]`);
    await box.setChecked(!(await box.isChecked()));
    await box.setChecked(!(await box.isChecked()));
  }
  const selects = await page.locator(`${scope} select`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLSelectElement).name));
  for (const name of selects) {
    const select = page.locator(`${scope} select[name="${name}"]`);
    const initial = await select.inputValue();
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const option of options) {
      await select.selectOption(option);
      if (deep.includes(name)) await moveSliders();
    }
    await select.selectOption(initial);
  }
  await moveSliders();
}

/** The guides with live figures, and the figures each has. */
const liveGuides: [string, string[]][] = [
  ['sgd-problems.html', ['sgd-problems']],
  ['momentum.html', ['momentum']],
  ['adaptive.html', ['adaptive']],
  ['schedules.html', ['schedules']],
  ['second-order.html', ['second-order']],
  ['ensembles.html', ['averaging']],
  ['regularization.html', ['dropout']],
  ['augmentation.html', ['augmentation']],
  ['getting-started.html', ['first-run']],
  ['transfer-learning.html', ['transfer']],
  ['adding-an-optimizer.html', ['rule-file']],
  ['brain-nets.html', ['xor-dropout']],
  ['coming-from-tf-train.html', ['tf-train']],
];

/** Scrolls to a live figure and waits until its bundle has loaded and drawn it (the figure is then `.is-live`). */
async function showLive(page: Page, name: string) {
  const figure = page.locator(`figure[data-live="${name}"]`);
  await figure.scrollIntoViewIfNeeded();
  await page.locator(`figure[data-live="${name}"].is-live`).waitFor({ timeout: 60_000 });
  return figure;
}

describe('live figures in the guides', () => {
  test.each(liveGuides)('%s: each live figure is loaded by the page\'s lazy loader, keeps its SVG as the no-script fallback, and survives every control', async (path, names) => {
    const html = readFileSync(join(site, path), 'utf8');
    for (const name of names) expect(html).toMatch(new RegExp(`<figure class="live-figure" data-live="${name}"><div class="live"><img src="figures/[\\w.-]+\\.svg"`));
    // No bundle in the page itself: theme/live.js fetches each when its figure nears the screen.
    expect(html).not.toMatch(/<script src="live\//);
    expect(html).toContain('<script src="live.js"></script>');
    const { page, problems } = await open(path);
    for (const name of names) {
      const figure = await showLive(page, name);
      expect(await page.evaluate((n) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(`live/${n}.js`)), name)).toBe(true);
      expect(await figure.locator('.live img').count()).toBe(0);
      expect(await figure.locator('a.open-playground').getAttribute('href')).toMatch(/^playground\.html#.+&panel=(surfaces|schedules|network)$/);
      if (name !== 'dropout' && name !== 'augmentation') await sweepControls(page, `figure[data-live="${name}"]`, ['A-rule', 'schedule-1']);
    }
    await page.close();
    expect(problems).toEqual([]);
  }, 300_000);

  test('momentum: runs the core live, splits the error by eigen-direction and maps the convergence rate over (α, ρ)', async () => {
    const { page, problems } = await open('momentum.html');
    const figure = await showLive(page, 'momentum');
    // SGD at α 0.03 on ½(x² + 20y²) from (−4.5, 1.2), 60 steps: each coordinate times (1 − α·curvature) per step.
    const sgdEnd = (await figure.locator('.live-paths path[data-series="SGD"]').getAttribute('data-end'))!.split(',').map(Number);
    expect(sgdEnd[0]).toBeCloseTo(-4.5 * 0.97 ** 60, 4);
    expect(sgdEnd[1]).toBeCloseTo(1.2 * 0.4 ** 60, 6);
    expect(await figure.locator('.live-errors path[data-series]').count()).toBe(4);
    // At α 0.03, ρ 0.8 the slow direction's iteration matrix has complex eigenvalues of modulus √ρ: a ripple shrinking by √0.8 per step, as measured.
    const said = (await figure.locator('.live-status').textContent())!;
    expect(await figure.locator('.live-status').getAttribute('data-region')).toBe('ripple');
    expect(Number(/shrinks by ([\d.]+)/.exec(said)![1])).toBeCloseTo(Math.sqrt(0.8), 2);
    const cells = await figure.locator('.live-map rect[data-region]').evaluateAll((rects) => rects.map((r) => ({
      region: r.getAttribute('data-region'), alpha: Number(r.getAttribute('data-alpha')), rho: Number(r.getAttribute('data-rho')),
    })));
    expect(new Set(cells.map((c) => c.region))).toEqual(new Set(['monotone', 'ripple', 'divergent']));
    // Heavy ball on curvature κ = 20 is stable exactly when α < 2(1 + ρ)/κ: the map, measured by running the core, agrees away from the border.
    for (const cell of cells) {
      const limit = (2 * (1 + cell.rho)) / 20;
      if (cell.alpha > limit * 1.1) expect(cell).toMatchObject({ region: 'divergent' });
      if (cell.alpha < limit * 0.9) expect(cell.region).not.toBe('divergent');
    }
    // Small α and ρ: the error shrinks monotonically; large ρ: it ripples.
    expect(cells.find((c) => c.alpha < 0.01 && c.rho < 0.05)?.region).toBe('monotone');
    expect(cells.find((c) => c.alpha > 0.05 && c.alpha < 0.1 && c.rho > 0.9)?.region).toBe('ripple');
    // Clicking the map picks (α, ρ); the link opens the playground with them, where the core draws the same run.
    const map = figure.locator('.live-map svg .cells');
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.2);
    const rho = Number(await figure.locator('input[name="momentum"] + output').textContent());
    expect(rho).toBeCloseTo(0.8 * 0.99, 1);
    const momentumRun = figure.locator('.live-paths path[data-series^="momentum"]');
    const guideEnd = await momentumRun.getAttribute('data-end');
    const href = (await figure.locator('a.open-playground').getAttribute('href'))!;
    expect(Object.fromEntries(new URLSearchParams(href.split('#')[1]))).toMatchObject({ 'B-momentum': String(rho), 'C-on': '0', panel: 'surfaces' });
    await figure.locator('a.open-playground').click();
    await page.waitForURL(/playground\.html/);
    const playgroundRun = page.locator('#surfaces .surface-plot path[data-series^="B: sgd"]');
    await playgroundRun.waitFor();
    expect(await playgroundRun.getAttribute('data-end')).toBe(guideEnd);
    expect(await page.locator('#surfaces .surface-plot path[data-series]').count()).toBe(2);
    await page.close();
    expect(problems).toEqual([]);
  });

  test('schedules: a schedule the core refuses shows its DescentError in the figure and draws nothing', async () => {
    const { page, problems } = await open('schedules.html');
    const figure = await showLive(page, 'schedules');
    expect(await figure.locator('.live-losses path[data-series]').count()).toBe(2);
    await figure.locator('select[name="schedule-1"]').selectOption('oneCycle');
    await press(page, 'schedule-1-totalSteps', 'Home');
    await expect(figure.locator('fieldset[data-lane="1"] .problem').textContent()).resolves.toMatch(/totalSteps = 1 is invalid/);
    expect(await figure.locator('.live-losses path[data-series]').count()).toBe(1);
    await page.close();
    expect(problems).toEqual([]);
  });

  test('augmentation: real digits through @descent/augment\'s shifts and erasing, drawn anew on "Draw again"', async () => {
    const { page, problems } = await open('augmentation.html');
    const figure = await showLive(page, 'augmentation');
    const drawn = () => figure.locator('canvas').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
    const first = await drawn();
    expect(first.length).toBe(50);
    await figure.locator('button', { hasText: 'Draw again' }).click();
    const second = await drawn();
    expect(second.slice(0, 10)).toEqual(first.slice(0, 10));
    expect(second.slice(10).filter((url, i) => url !== first[10 + i]).length).toBeGreaterThan(20);
    await sweepControls(page, 'figure[data-live="augmentation"]');
    await page.close();
    expect(problems).toEqual([]);
  });

  test('dropout: trains the brain.js net without and with dropout in the page', async () => {
    const { page, problems } = await open('regularization.html');
    await showLive(page, 'dropout');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('figure[data-live="dropout"] .live-status')?.dataset.epoch) >= 20, undefined, { timeout: 120_000 });
    const status = await page.locator('figure[data-live="dropout"] .live-status').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    expect(Number(status.gapWithout)).toBeGreaterThan(0);
    expect(Number.isFinite(Number(status.gapWith))).toBe(true);
    expect(await page.locator('figure[data-live="dropout"] .live-accuracy path[data-series]').count()).toBe(4);
    await page.close();
    expect(problems).toEqual([]);
  });
});

/** The data attributes of a live figure's status line, once `key` is `value` there (or, without `value`, set and not empty). */
async function liveStatus(page: Page, name: string, key: string, value?: string, timeout = 120_000): Promise<Record<string, string>> {
  const status = `figure[data-live="${name}"] .live-status`;
  await page.waitForFunction(([selector, k, v]) => {
    const found = document.querySelector<HTMLElement>(selector)?.dataset[k];
    return v === undefined ? Boolean(found) : found === v;
  }, [status, key, value] as const, { timeout });
  return page.locator(status).evaluate((el) => ({ ...(el as HTMLElement).dataset }));
}

describe('live figures of the guides without lecture figures', () => {
  test('getting started: the first program trains in the page and learns XOR', async () => {
    const { page, problems } = await open('getting-started.html');
    await showLive(page, 'first-run');
    const done = await liveStatus(page, 'first-run', 'done', 'true');
    // The program as printed: Adam 0.05, cosine over 200 epochs; its run in Node printed 0.0044.
    expect(Number(done.loss)).toBeLessThan(0.01);
    expect(await page.locator('figure[data-live="first-run"] .live-losses path[data-series="adam, lr 0.05, cosine"]').count()).toBe(1);
    await page.locator('figure[data-live="first-run"] select[name="first-rule"]').selectOption('sgd');
    const sgd = await liveStatus(page, 'first-run', 'done', 'true');
    expect(Number(sgd.loss)).toBeGreaterThan(Number(done.loss));
    expect(await page.locator('figure[data-live="first-run"] .live-losses path[data-series]').count()).toBe(2);
    await page.close();
    expect(problems).toEqual([]);
  }, 300_000);

  test('adding an optimizer: the printed rule runs from its definition; a value its check refuses shows the DescentError', async () => {
    const { page, problems } = await open('adding-an-optimizer.html');
    const figure = await showLive(page, 'rule-file');
    const losses = JSON.parse((await figure.locator('.live-status').getAttribute('data-losses'))!);
    expect(Object.keys(losses).sort()).toEqual(['adam', 'rprop', 'sgd']);
    expect(losses.rprop).toBeLessThan(1e-3);
    expect(await figure.locator('.live-kernel').textContent()).toMatch(/Math\.sign[\s\S]*Math\.max[\s\S]*Math\.min/);
    await press(page, 'rule-etaPlus', 'Home');
    await expect(figure.locator('fieldset[data-lane="rprop"] .problem').textContent()).resolves.toMatch(/etaPlus.*> 1/);
    expect(await figure.locator('.live-paths path[data-series^="rprop"]').count()).toBe(0);
    await page.close();
    expect(problems).toEqual([]);
  });

  test('brain.js nets: the XOR net trains in the page as in the build\'s figure, and stops at errorThresh', async () => {
    const { page, problems } = await open('brain-nets.html');
    await showLive(page, 'xor-dropout');
    const status = await liveStatus(page, 'xor-dropout', 'iterations');
    const built = /errorThresh 0\.01 reached after (\d+) epochs/.exec(readFileSync(join(site, 'figures', 'brain-nets-dropout-error.svg'), 'utf8'))!;
    expect(status.iterations).toBe(built[1]);
    expect(Number(status.error)).toBeLessThanOrEqual(0.01);
    expect(Number(status.dropped)).toBeGreaterThan(0.03);
    await page.close();
    expect(problems).toEqual([]);
  });

  test('coming from tf.train: train.X retraces tf.train.X in the page; descent\'s own rmsprop does not', async () => {
    const { page, problems } = await open('coming-from-tf-train.html');
    await showLive(page, 'tf-train');
    const rmsprop = await liveStatus(page, 'tf-train', 'gapTrain');
    expect(Number(rmsprop.gapTrain)).toBe(0);
    expect(Number(rmsprop.gapOwn)).toBeGreaterThan(0.01);
    await page.locator('figure[data-live="tf-train"] select[name="tf-train-factory"]').selectOption('adagrad');
    const adagrad = await liveStatus(page, 'tf-train', 'gapTrain');
    expect(Number(adagrad.gapTrain)).toBeLessThan(1e-6);
    await page.close();
    expect(problems).toEqual([]);
  });

  test('transfer learning: the four methods train in the page and beat chance on the new digits', async () => {
    const { page, problems } = await open('transfer-learning.html');
    await showLive(page, 'transfer');
    const done = await liveStatus(page, 'transfer', 'done', 'true', 400_000);
    for (const method of ['scratch', 'last', 'first', 'fineTuned']) {
      expect(Number(done[method])).toBeGreaterThan(0.3);
      expect(Number(done[method])).toBeLessThanOrEqual(1);
    }
    expect(await page.locator('figure[data-live="transfer"] .live-accuracy path[data-series]').count()).toBe(4);
    await page.close();
    expect(problems).toEqual([]);
  }, 500_000);
});

describe('live figures on a 375-px phone screen', () => {
  test.each(liveGuides)('%s with its live figures drawn fits the width', async (path, names) => {
    const phone = await browser.context.browser()!.newContext({ viewport: { width: 375, height: 812 } });
    const page = await phone.newPage();
    const { messages } = watchProblems(page);
    await page.goto(server.url + path, { waitUntil: 'load' });
    for (const name of names) await showLive(page, name);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    if (path === 'momentum.html') await page.locator('figure[data-live="momentum"]').screenshot({ path: join(screenshots, 'phone-live-momentum.png') });
    await phone.close();
    expect(messages).toEqual([]);
  });
});

describe('playground under every control', () => {
  test('every control of every panel moved through its range (every rule, every schedule) raises no error', async () => {
    const { page, problems } = await open('playground.html');
    await page.locator('#surfaces .surface-plot path[data-series]').first().waitFor();
    await sweepControls(page, '#surfaces', ['A-rule']);
    await sweepControls(page, '#schedules', ['schedule-1']);
    await page.locator('#network .status[data-epoch]').waitFor({ timeout: 60_000 });
    await sweepControls(page, '#network');
    await page.waitForTimeout(2000);
    await page.close();
    expect(problems).toEqual([]);
  }, 600_000);
});
