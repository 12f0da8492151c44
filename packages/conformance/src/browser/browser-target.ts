import { DescentError } from '@descent/core';
import type { BrowserContext, Page } from 'playwright-core';
import type { AugmentCase, OptimizerCase } from '../format';
import { PAGE_GLOBAL, type PageApi, type PageReply, type PageTargetInfo } from '../page';
import type { AugmentRun, ConformanceTarget, OptimizerRun } from '../target';
import { bundlePage } from './bundle';
import { launchChromium, type Chromium } from './chromium';
import { serveFiles, type HttpServer } from './http-server';

/** How to make a target that runs its cases in a page of headless Chromium. */
export interface BrowserTargetOptions {
  /** The target's name, as the page's factory takes it (e.g. "tfjs-webgl"). */
  name: string;
  /** The page script: a module that calls `exposeTarget` from `@descent/conformance/page` (.ts source or built .js). */
  entry: string;
  /** JSON options handed to the page's factory with the name. */
  options?: Record<string, unknown>;
  /** A Chromium to open the page in (launch it with `gpu: true`); default: one launched here and closed by dispose. */
  browser?: Chromium;
  /** How long one case may take in the page, in ms, before it fails and the page is reloaded. Default 60000. */
  caseTimeout?: number;
}

const HTML = '<!doctype html><meta charset="utf-8"><title>descent conformance</title><link rel="icon" href="data:,"><script src="page.js"></script>\n';

/** What the page could not do (a timeout, a crash, an error thrown in it): a DescentError whose message is the page's own. */
class PageFailure extends DescentError {
  constructor(where: string, message: string) {
    super(where, message, 'a page that runs the case to the end');
    this.message = message;
    this.name = 'PageFailure';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PageFailure(what, `${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One page with the target started in it, and what went wrong in it (uncaught errors, console errors and warnings). */
class PageSession {
  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    readonly info: PageTargetInfo,
    readonly problems: string[],
  ) {}

  static async open(browser: Chromium, url: string, name: string, options: Record<string, unknown>, timeout: number): Promise<PageSession> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const note = (line: string) => problems.push(line.length > 240 ? `${line.slice(0, 240)}…` : line);
      page.on('pageerror', (error) => note(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        const type = message.type();
        if (type === 'error' || type === 'warning') note(`console.${type}: ${message.text()}`);
      });
      await page.goto(url, { waitUntil: 'load', timeout });
      const installed = await page.evaluate((g) => typeof Reflect.get(globalThis, g) === 'object', PAGE_GLOBAL);
      if (!installed) {
        throw new DescentError(`the page's ${PAGE_GLOBAL}`, undefined, `installed by the page script through exposeTarget${problems.length > 0 ? ` (the page: ${problems.join('; ')})` : ''}`);
      }
      const reply = await withTimeout(
        page.evaluate(
          ({ g, n, o }) => {
            const api: PageApi = Reflect.get(globalThis, g);
            return api.start(n, o);
          },
          { g: PAGE_GLOBAL, n: name, o: options },
        ),
        timeout,
        `starting target "${name}" in the page`,
      );
      if (!reply.ok) throw new DescentError('name', name, `a target that can run in this Chromium (it cannot: ${reply.error})`);
      return new PageSession(context, page, reply.value, problems);
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  run<T>(kind: 'optimizer' | 'augment', c: OptimizerCase | AugmentCase, timeout: number): Promise<PageReply<T>> {
    const reply = this.page.evaluate(
      ({ g, k, c }) => {
        const api: PageApi = Reflect.get(globalThis, g);
        return api.run(k, c);
      },
      { g: PAGE_GLOBAL, k: kind, c },
    );
    return withTimeout(reply as Promise<PageReply<T>>, timeout, `case "${c.id}"`);
  }

  async close(): Promise<void> {
    await withTimeout(
      this.page.evaluate((g) => {
        const api: PageApi = Reflect.get(globalThis, g);
        return api.stop();
      }, PAGE_GLOBAL),
      5000,
      'stopping the target',
    ).catch(() => undefined);
    await this.context.close().catch(() => undefined);
  }
}

/**
 * A ConformanceTarget whose cases run in headless Chromium: bundles `entry` (esbuild),
 * serves it from 127.0.0.1 on a free port, opens it in `browser` (or in a Chromium launched
 * here with WebGL2 and WebGPU on SwiftShader), starts the named target in the page and runs
 * each case there through `page.evaluate`. Throws, naming the target and what the page
 * offers, when the target cannot start (say, no WebGPU). A case that throws, crashes the
 * page or outlasts `caseTimeout` fails with that message, followed by the page's uncaught
 * errors and console errors and warnings during the case; the next case gets a fresh page.
 * `dispose` closes the page, the server and a Chromium launched here.
 */
export async function createBrowserTarget(options: BrowserTargetOptions): Promise<ConformanceTarget> {
  const { name, entry, browser: shared } = options;
  const pageOptions = options.options ?? {};
  const timeout = options.caseTimeout ?? 60_000;
  const script = await bundlePage(entry);
  const server: HttpServer = await serveFiles({ '/index.html': HTML, '/page.js': script });
  let browser: Chromium | undefined = shared;
  let session: PageSession | null = null;
  const dispose = async () => {
    await session?.close();
    session = null;
    if (shared === undefined) await browser?.close();
    await server.close();
  };
  try {
    browser ??= await launchChromium({ gpu: true });
    session = await PageSession.open(browser, server.url, name, pageOptions, timeout);
  } catch (error) {
    await dispose();
    throw error;
  }
  const { info } = session;
  const chromium = browser;

  async function run<T>(kind: 'optimizer' | 'augment', c: OptimizerCase | AugmentCase): Promise<T> {
    session ??= await PageSession.open(chromium, server.url, name, pageOptions, timeout);
    const current = session;
    current.problems.length = 0;
    const failure = (message: string) =>
      new PageFailure(`${name} page`, current.problems.length === 0 ? message : `${message} [page: ${current.problems.slice(0, 3).join('; ')}]`);
    let reply: PageReply<T>;
    try {
      reply = await current.run<T>(kind, c, timeout);
    } catch (error) {
      reply = { ok: false, error: (error as Error).message.split('\n')[0] }; // a timeout, a crash, a closed page
    }
    if (reply.ok) return reply.value;
    // A case that threw may have left the page unusable (a lost GPU device, a half-made
    // program), so the next case gets a fresh page and fails, or passes, on its own.
    session = null;
    await current.close();
    throw failure(reply.error);
  }

  return {
    name: info.name,
    precision: info.precision,
    ...(info.runs.optimizer ? { runOptimizerCase: (c: OptimizerCase) => run<OptimizerRun>('optimizer', c) } : {}),
    ...(info.runs.augment ? { runAugmentCase: (c: AugmentCase) => run<AugmentRun>('augment', c) } : {}),
    dispose,
  };
}
