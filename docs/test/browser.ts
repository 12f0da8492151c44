import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '@descent/conformance/browser';

/** A headless chromium with one browsing context. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless chromium (the shared launcher of @descent/conformance/browser: Debian's
 * chromium, `$DESCENT_CHROMIUM` or `chromium` on PATH, GPU off) with a fresh context.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return { context, close: () => browser.close() };
}

/** What went wrong while a page loaded: console errors, uncaught exceptions, failed requests. */
export interface PageProblems {
  readonly messages: string[];
}

/** Records the page's console errors, uncaught exceptions and requests answered with ≥ 400 or failed. */
export function watchProblems(page: Page): PageProblems {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') messages.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => messages.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => messages.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) messages.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { messages };
}
