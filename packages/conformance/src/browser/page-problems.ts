import type { Page } from 'playwright-core';

/**
 * Collects what a page reports as wrong from now on: uncaught errors, and console errors
 * and warnings (as `uncaught: …`, `console.error: …`, `console.warning: …`). The array
 * fills as the page runs; a test expects it empty at the end.
 */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  return problems;
}
