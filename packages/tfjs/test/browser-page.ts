import type { Page } from 'playwright-core';
import { bundlePage, launchChromium, serveFiles, type Chromium, type HttpServer } from '@descent/conformance/browser';

/** A page script served to headless Chromium with its GPU (SwiftShader) for a test file. */
export interface ServedPage {
  /** Opens the page; `problems` collects its uncaught errors and the console messages of the listed types. */
  open(consoleTypes: readonly string[]): Promise<{ page: Page; problems: string[] }>;
}

/**
 * Bundles the page script `entry` (esbuild) into a page titled `title`, serves it and
 * launches Chromium in the file's beforeAll; closes both in its afterAll.
 */
export function servePage(entry: string, title: string): ServedPage {
  const html = `<!doctype html><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"><script src="page.js"></script>\n`;
  let browser: Chromium;
  let server: HttpServer;
  beforeAll(async () => {
    server = await serveFiles({ '/index.html': html, '/page.js': await bundlePage(entry) });
    browser = await launchChromium({ gpu: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    async open(consoleTypes) {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (consoleTypes.includes(message.type())) problems.push(`console.${message.type()}: ${message.text()}`);
      });
      await page.goto(server.url);
      return { page, problems };
    },
  };
}
