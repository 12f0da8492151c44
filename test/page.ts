import type { Page } from 'playwright-core';
import { serveFiles, type Chromium, type HttpServer } from '@descent/conformance/browser';

/**
 * Loads `script` (a browser bundle that leaves a promise on `globalThis.bundleCheck`) in a
 * fresh page of `browser`, served from 127.0.0.1 under `tag` (its `<script>` element), and
 * returns what the promise resolved to and every uncaught error, console error and warning.
 */
export async function runInPage(browser: Chromium, script: string, tag: string): Promise<{ result: unknown; problems: string[] }> {
  const server: HttpServer = await serveFiles({ '/index.html': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${tag}\n`, '/bundle.js': script });
  const context = await browser.newContext();
  try {
    const page: Page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => 'bundleCheck' in globalThis, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => (globalThis as unknown as { bundleCheck: Promise<unknown> }).bundleCheck);
    return { result, problems };
  } finally {
    await context.close();
    await server.close();
  }
}
